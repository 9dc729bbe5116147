// `npm run deploy` refuses what a first deployment must replace, before wrangler asks for
// credentials. The script runs for real against a stand-in `wrangler` on PATH that records its
// arguments, so "refused" provably means wrangler never ran.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deployArgs, deployProblems, isPlaceholderId } from "../../scripts/deploy.ts";
import { parseWranglerConfig, readWranglerConfig } from "../../scripts/lib/wrangler-config.ts";
import type { Manifest } from "../../shortcuts/src/manifest.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const URL_ = "https://delivered.jane.workers.dev";
const manifestFor = (apiUrl: string): Manifest => ({ apiUrl, shortcuts: [] });

/** The repository's wrangler.toml with the three placeholders replaced, as a deployer's would be. */
function readyConfigText(): string {
  return readFileSync(join(ROOT, "wrangler.toml"), "utf8")
    .replace(/^id = "0+"$/m, 'id = "3f9a1c0e5b7d4e2f8a6b1c3d5e7f9a0b"')
    .replace(/^database_id = "[0-]+"$/m, 'database_id = "6d1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"')
    .replace(/^PUBLIC_URL = ".*"$/m, `PUBLIC_URL = "${URL_}"`);
}

describe("what npm run deploy refuses", () => {
  it("this repository's placeholders, each with what to replace and the command that creates it", () => {
    // Whatever else wrangler.toml holds (Durable Objects, [[migrations]], …) reads fine.
    const problems = deployProblems(readWranglerConfig(), manifestFor("https://delivered.example.workers.dev"));
    expect(problems.map((p) => p.what)).toEqual([
      '[[kv_namespaces]] STATUS: id = "00000000000000000000000000000000" is a placeholder.',
      '[[d1_databases]] DB: database_id = "00000000-0000-0000-0000-000000000000" is a placeholder.',
      'PUBLIC_URL = "https://delivered.example.workers.dev" is the example address: the Shortcuts and the landing page would send people there.',
    ]);
    expect(problems[0]!.fix).toContain("npx wrangler kv namespace create STATUS");
    expect(problems[1]!.fix).toContain("npx wrangler d1 create delivered");
    expect(problems[1]!.fix).toContain("npx wrangler d1 migrations apply DB --remote");
    expect(problems[2]!.fix).toContain("https://delivered.<your-subdomain>.workers.dev");
  });

  it("nothing once they are replaced and the Shortcuts are built for PUBLIC_URL", () => {
    expect(deployProblems(parseWranglerConfig(readyConfigText()), manifestFor(URL_))).toEqual([]);
  });

  it("Shortcuts built for another address, or none at all", () => {
    const config = parseWranglerConfig(readyConfigText());
    const [stale] = deployProblems(config, manifestFor("https://delivered.example.workers.dev"));
    expect(stale!.what).toBe(`The Shortcuts in shortcuts/dist are built for https://delivered.example.workers.dev, not for PUBLIC_URL ${URL_}: people would install Shortcuts that ask another server.`);
    expect(stale!.fix).toContain("npm run shortcuts:build");
    expect(deployProblems(config, null)[0]!.what).toMatch(/manifest.json is missing/);
  });

  it("a missing or malformed PUBLIC_URL, and an environment's own tables", () => {
    const text = readyConfigText().replace(/^PUBLIC_URL = .*$/m, "");
    expect(deployProblems(parseWranglerConfig(text), manifestFor(URL_)).map((p) => p.what)).toEqual(["[vars] sets no PUBLIC_URL."]);
    const bad = readyConfigText().replace(/^PUBLIC_URL = .*$/m, 'PUBLIC_URL = "delivered.jane.workers.dev/app"');
    expect(deployProblems(parseWranglerConfig(bad), manifestFor(URL_)).map((p) => p.what)).toEqual(['PUBLIC_URL = "delivered.jane.workers.dev/app" is not an origin like https://host.']);
    const staging = `${readyConfigText()}\n[env.staging.vars]\nPUBLIC_URL = "${URL_}"\n\n[[env.staging.kv_namespaces]]\nbinding = "STATUS"\nid = ""\n`;
    expect(deployProblems(parseWranglerConfig(staging), manifestFor(URL_), "staging").map((p) => p.what)).toEqual(['[env.staging] [[kv_namespaces]] STATUS: id = "" is a placeholder.']);
  });

  it("reads ids and arguments as wrangler does", () => {
    for (const id of ["00000000000000000000000000000000", "00000000-0000-0000-0000-000000000000", "", "<the KV namespace id>", undefined]) expect(isPlaceholderId(id), String(id)).toBe(true);
    expect(isPlaceholderId("3f9a1c0e5b7d4e2f8a6b1c3d5e7f9a0b")).toBe(false);
    expect(deployArgs(["--env", "staging", "--dry-run"])).toEqual({ env: "staging", config: undefined, dryRun: true });
    expect(deployArgs(["-e=x", "-c", "other.toml"])).toEqual({ env: undefined, config: "other.toml", dryRun: false });
  });
});

describe("npm run deploy, run", () => {
  /** A deployment directory (wrangler.toml, shortcuts/dist/manifest.json) and a stand-in wrangler. */
  function deployment(configText: string, apiUrl: string) {
    const dir = mkdtempSync(join(tmpdir(), "delivered-deploy-"));
    writeFileSync(join(dir, "wrangler.toml"), configText);
    mkdirSync(join(dir, "shortcuts", "dist"), { recursive: true });
    writeFileSync(join(dir, "shortcuts", "dist", "manifest.json"), JSON.stringify(manifestFor(apiUrl)));
    const bin = join(dir, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "wrangler"), `#!/bin/sh\necho "$@" > "${join(dir, "wrangler-ran")}"\nexit 3\n`);
    chmodSync(join(bin, "wrangler"), 0o755);
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["--experimental-strip-types", "--no-warnings", join(ROOT, "scripts", "deploy.ts"), ...args], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      });
    return { dir, run, ran: () => (existsSync(join(dir, "wrangler-ran")) ? readFileSync(join(dir, "wrangler-ran"), "utf8").trim() : null) };
  }

  it("refuses the placeholders and never starts wrangler", () => {
    const d = deployment(readFileSync(join(ROOT, "wrangler.toml"), "utf8"), "https://delivered.example.workers.dev");
    const result = d.run();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^wrangler\.toml is not ready to deploy:\n\n {2}1\. \[\[kv_namespaces\]\] STATUS/);
    expect(result.stderr).toContain("Then run npm run deploy again. Step by step: docs/deploy.md.");
    expect(d.ran()).toBeNull();
  });

  it("hands a ready config to wrangler deploy with the same arguments and its exit status", () => {
    const d = deployment(readyConfigText(), URL_);
    const result = d.run("--minify", "--message", "release");
    expect(result.stderr).toBe("");
    expect(d.ran()).toBe("deploy --minify --message release");
    expect(result.status).toBe(3);
  });

  it("lets --dry-run through with the problems as a warning (it uploads nothing)", () => {
    const d = deployment(readFileSync(join(ROOT, "wrangler.toml"), "utf8"), "https://delivered.example.workers.dev");
    const result = d.run("--dry-run", "--outdir", "out");
    expect(result.stderr).toContain("(--dry-run uploads nothing, so it goes ahead.)");
    expect(d.ran()).toBe("deploy --dry-run --outdir out");
  });
});
