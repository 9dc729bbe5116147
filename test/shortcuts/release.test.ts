// `npm run release`. On this Linux machine the real command must explain what it needs and change
// nothing. The release itself runs against a stand-in `shortcuts` executable on PATH that signs
// with a throwaway CA (support/fake-shortcuts.ts): everything else is the real code, spawning the
// command, verifying each file, refusing what a broken signer could produce, writing the manifest.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { verifySignedShortcut } from "../../shortcuts/src/aea/signed-shortcut.ts";
import { buildAll, readManifest, sha256Hex, writeBuild } from "../../shortcuts/src/build.ts";
import { checkShortcuts } from "../../shortcuts/src/check.ts";
import { release } from "../../shortcuts/src/release.ts";
import { signWithIdentity, loadSigningKey } from "../../shortcuts/src/sign.ts";
import { anyoneIdentity, contactIdentity } from "./support/identities.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const API_URL = "https://delivered.acme-support.net";

/** A wrangler.toml as a self-hoster's would look, with sections another engineer may add. */
function wranglerToml(dir: string, publicUrl: string): string {
  const path = join(dir, "wrangler.toml");
  writeFileSync(
    path,
    `name = "delivered"\nmain = "src/index.ts"\n\n[vars]\nPUBLIC_URL = "${publicUrl}"\n\n[[durable_objects.bindings]]\nname = "CROWD"\nclass_name = "Crowd"\n\n[[migrations]]\ntag = "v1"\nnew_sqlite_classes = ["Crowd"]\n`,
  );
  return path;
}

/** A temp shortcuts/ directory, a bin/ with the stand-in `shortcuts`, and its environment. */
function setup(identity: { pem: string; authData: Uint8Array } = anyoneIdentity(), extraEnv: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "delivered-release-test-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  const fake = join(ROOT, "test", "shortcuts", "support", "fake-shortcuts.ts");
  writeFileSync(join(bin, "shortcuts"), `#!/bin/sh\nexec "${process.execPath}" --experimental-strip-types --no-warnings "${fake}" "$@"\n`);
  chmodSync(join(bin, "shortcuts"), 0o755);
  writeFileSync(join(dir, "key.pem"), identity.pem);
  writeFileSync(join(dir, "auth.plist"), identity.authData);
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_SHORTCUTS_KEY: join(dir, "key.pem"), FAKE_SHORTCUTS_AUTH: join(dir, "auth.plist"), ...extraEnv };
  const root = join(dir, "shortcuts");
  mkdirSync(root);
  return { dir, root, env };
}

async function run(options: Parameters<typeof release>[0]) {
  const lines: string[] = [];
  const code = await release({ platform: "darwin", print: (line) => lines.push(line), ...options });
  return { code, out: lines.join("\n") };
}

const listing = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).sort() : []);

describe("npm run release on this machine (not a Mac)", () => {
  it.skipIf(process.platform === "darwin")("explains what it needs, exits 1 and changes nothing", () => {
    const dist = join(ROOT, "shortcuts", "dist");
    const before = listing(dist).map((f) => [f, existsSync(join(dist, f)) && !f.endsWith("signed") ? createHash("sha256").update(readFileSync(join(dist, f))).digest("hex") : ""]);
    const run = spawnSync(process.execPath, ["--experimental-strip-types", "--no-warnings", join(ROOT, "shortcuts", "src", "cli.ts"), "release"], { cwd: ROOT, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/It needs:\n {2}- A Mac\. Apple signs Shortcuts that anyone can import only through macOS's own `shortcuts sign --mode anyone`/);
    expect(run.stdout).toContain(`this machine runs ${process.platform}`);
    // This repository's PUBLIC_URL is still the example: that is named too.
    expect(run.stdout).toContain("PUBLIC_URL in wrangler.toml is https://delivered.example.workers.dev, which no iPhone can reach");
    expect(run.stdout).toContain("Nothing was built or signed.");
    expect(run.stdout).toContain("npm run shortcuts:build -- --api-url https://delivered.<your-subdomain>.workers.dev");
    const after = listing(dist).map((f) => [f, existsSync(join(dist, f)) && !f.endsWith("signed") ? createHash("sha256").update(readFileSync(join(dist, f))).digest("hex") : ""]);
    expect(after).toEqual(before);
  });

  it("on a Mac without the shortcuts command, says so", async () => {
    const { root, dir } = setup();
    const { code, out } = await run({ root, apiUrl: API_URL, wranglerToml: wranglerToml(dir, API_URL), env: { PATH: "/nonexistent" } });
    expect(code).toBe(1);
    expect(out).toContain("The `shortcuts` command (macOS 12 or later)");
    expect(listing(root)).toEqual([]);
  });

  it("refuses the example address and names what to set, even on a Mac", async () => {
    const { root, dir, env } = setup();
    const { code, out } = await run({ root, env, wranglerToml: wranglerToml(dir, "https://delivered.example.workers.dev") });
    expect(code).toBe(1);
    expect(out).toContain("set PUBLIC_URL under [vars] in wrangler.toml to your Worker's address");
    expect(listing(root)).toEqual([]);
  });
});

describe("npm run release with a shortcuts command that signs", () => {
  it("builds for the configured URL, signs, verifies, writes the manifest and says what to commit and deploy", async () => {
    const id = anyoneIdentity();
    const { root, dir, env } = setup(id);
    const toml = wranglerToml(dir, API_URL);
    const { code, out } = await run({ root, env, wranglerToml: toml, verifyOptions: { extraTrustAnchors: [id.anchor] } });
    expect(out).not.toMatch(/stopped|FAIL/);
    expect(code).toBe(0);

    const manifest = readManifest(join(root, "dist"))!;
    expect(manifest.apiUrl).toBe(API_URL);
    const built = buildAll({ apiUrl: API_URL });
    for (const b of built) {
      const entry = manifest.shortcuts.find((s) => s.slug === b.definition.slug)!;
      expect(entry).toMatchObject({ version: b.definition.version, signedFile: `signed/${b.definition.slug}.shortcut`, sha256: sha256Hex(b.bytes) });
      const signed = new Uint8Array(readFileSync(join(root, "dist", entry.signedFile!)));
      const report = verifySignedShortcut(signed, { extraTrustAnchors: [id.anchor] });
      expect(report.ok).toBe(true);
      expect(report.mode).toBe("anyone");
      expect(sha256Hex(report.shortcutPlist!)).toBe(entry.sha256);
      // Apple's roots alone don't trust the test CA: nothing here passes for a real signature.
      expect(verifySignedShortcut(signed).ok).toBe(false);
      // The built files hold the deployment's address, never the example host.
      expect(Buffer.from(readFileSync(join(root, "dist", entry.unsignedFile))).includes("example")).toBe(false);
    }
    expect(checkShortcuts(root, { extraTrustAnchors: [id.anchor] }, { wranglerToml: toml }).ok).toBe(true);

    expect(out).toContain(`Releasing the Shortcuts for ${API_URL} (PUBLIC_URL in wrangler.toml).`);
    expect(out).toMatch(/Fix iMessage \d+\.\d+\.\d+: signed\/fix-imessage\.shortcut, anyone mode, certificate valid until \d{4}-\d\d-\d\d/);
    expect(out).toMatch(/git add .*dist && git commit -m "Release the Shortcuts for https:\/\/delivered\.acme-support\.net: Fix iMessage /);
    expect(out).toContain("npm run deploy");
    expect(out).not.toContain("set PUBLIC_URL"); // wrangler.toml already says this URL
  });

  it("--api-url wins over PUBLIC_URL, and then says to set PUBLIC_URL before deploying", async () => {
    const id = anyoneIdentity();
    const { root, dir, env } = setup(id);
    const { code, out } = await run({ root, env, apiUrl: `${API_URL}/`, wranglerToml: wranglerToml(dir, "https://delivered.example.workers.dev"), verifyOptions: { extraTrustAnchors: [id.anchor] } });
    expect(code).toBe(0);
    expect(readManifest(join(root, "dist"))!.apiUrl).toBe(API_URL);
    expect(out).toContain(`Releasing the Shortcuts for ${API_URL} (--api-url).`);
    expect(out).toContain(`set PUBLIC_URL in wrangler.toml to ${API_URL} (it is https://delivered.example.workers.dev)`);
  });

  it("keeps nothing when a signature is damaged, untrusted, for someone else's file, or not for anyone", async () => {
    const cases: [string, Record<string, string>, RegExp, boolean][] = [
      ["damaged", { FAKE_SHORTCUTS_FAULT: "tamper" }, /signature of fix-imessage does not verify/, true],
      ["untrusted", {}, /does not verify: .*not a trusted root/, false],
      ["signer failed", { FAKE_SHORTCUTS_FAULT: "fail" }, /shortcuts sign failed for fix-imessage: .*not signed in to iCloud/, true],
    ];
    for (const [label, fault, message, trustTestRoot] of cases) {
      const id = anyoneIdentity();
      const ctx = setup(id, fault);
      const { code, out } = await run({ root: ctx.root, env: ctx.env, apiUrl: API_URL, wranglerToml: wranglerToml(ctx.dir, API_URL), verifyOptions: trustTestRoot ? { extraTrustAnchors: [id.anchor] } : {} });
      expect(code, label).toBe(1);
      expect(out, label).toMatch(message);
      expect(out, label).toMatch(/Nothing in .* changed\./);
      expect(listing(ctx.root), label).toEqual([]);
    }

    // A signer that returns a valid signature over another file.
    const id = anyoneIdentity();
    const other = join(mkdtempSync(join(tmpdir(), "delivered-other-")), "other.plist");
    writeFileSync(other, buildAll({ apiUrl: "https://someone-else.workers.dev" })[0]!.bytes);
    const swap = setup(id, { FAKE_SHORTCUTS_FAULT: "swap", FAKE_SHORTCUTS_SWAP: other });
    const swapped = await run({ root: swap.root, env: swap.env, apiUrl: API_URL, wranglerToml: wranglerToml(swap.dir, API_URL), verifyOptions: { extraTrustAnchors: [id.anchor] } });
    expect(swapped.code).toBe(1);
    expect(swapped.out).toMatch(/fix-imessage verifies but does not hold the build that was given to the signer/);
    expect(listing(swap.root)).toEqual([]);

    // Signed, trusted, but only for people who have the signer in their Contacts.
    const contact = contactIdentity();
    const people = setup(contact);
    const refused = await run({ root: people.root, env: people.env, apiUrl: API_URL, wranglerToml: wranglerToml(people.dir, API_URL), verifyOptions: { extraTrustAnchors: [contact.anchor] } });
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('fix-imessage is signed in "people-who-know-me" mode, not "anyone"');
    expect(listing(join(people.root, "dist"))).toEqual([]);
  });

  it("keeps the previous release when a new one fails, and notes a changed shortcut whose version did not change", async () => {
    const id = anyoneIdentity();
    const { root, dir, env } = setup(id);
    const verifyOptions = { extraTrustAnchors: [id.anchor] };
    // A previous release for another address, same versions.
    const previousUrl = "https://old-name.acme-support.net";
    expect((await run({ root, env, apiUrl: previousUrl, wranglerToml: wranglerToml(dir, previousUrl), verifyOptions })).code).toBe(0);
    const snapshot = join(dir, "previous");
    cpSync(join(root, "dist"), snapshot, { recursive: true });

    const failed = await run({ root, env: { ...env, FAKE_SHORTCUTS_FAULT: "tamper" }, apiUrl: API_URL, wranglerToml: wranglerToml(dir, API_URL), verifyOptions });
    expect(failed.code).toBe(1);
    for (const file of listing(snapshot)) {
      if (file.endsWith(".shortcut") || file.endsWith(".json")) expect(readFileSync(join(root, "dist", file)).equals(readFileSync(join(snapshot, file))), file).toBe(true);
    }

    const next = await run({ root, env, apiUrl: API_URL, wranglerToml: wranglerToml(dir, API_URL), verifyOptions });
    expect(next.code).toBe(0);
    expect(next.out).toMatch(/note: Fix iMessage changed since the signed file it replaces, but both report version \d+\.\d+\.\d+\. .*bump VERSION in shortcuts\/src\/definitions\/fix-imessage\.ts/);
  });
});

describe("a build's own check", () => {
  it("uses the URL the manifest records, and fails a dist built for another URL than it says", () => {
    const dir = mkdtempSync(join(tmpdir(), "delivered-check-url-"));
    const dist = join(dir, "dist");
    writeBuild({ apiUrl: API_URL }, dist);
    expect(checkShortcuts(dir).ok).toBe(true);
    const manifest = readManifest(dist)!;
    writeFileSync(join(dist, "manifest.json"), JSON.stringify({ ...manifest, apiUrl: "https://another.acme-support.net" }, null, 2) + "\n");
    const result = checkShortcuts(dir);
    expect(result.ok).toBe(false);
    expect(result.lines.filter((l) => l.startsWith("FAIL"))).toEqual([
      "FAIL dist/fix-imessage.shortcut is stale: run npm run shortcuts:build",
      "FAIL dist/is-imessage-down.shortcut is stale: run npm run shortcuts:build",
      "FAIL dist/check-imessage-contact.shortcut is stale: run npm run shortcuts:build",
      "FAIL dist/manifest.json is stale: run npm run shortcuts:build",
    ]);
  });

  it("the repository's check says when the build is for another address than PUBLIC_URL", () => {
    const dir = mkdtempSync(join(tmpdir(), "delivered-check-note-"));
    const result = checkShortcuts(undefined, {}, { wranglerToml: wranglerToml(dir, API_URL) });
    expect(result.ok).toBe(true);
    expect(result.lines).toContain(`note dist is built for https://delivered.example.workers.dev but PUBLIC_URL in wrangler.toml is ${API_URL}: run npm run shortcuts:build before deploying`);
    expect(checkShortcuts().lines.some((l) => l.includes("PUBLIC_URL"))).toBe(false);
  });

  it("a signed file of the previous build fails the check until it is signed again", () => {
    const id = anyoneIdentity();
    const dir = mkdtempSync(join(tmpdir(), "delivered-check-signed-"));
    const dist = join(dir, "dist");
    const [fix] = buildAll({ apiUrl: "https://old-name.acme-support.net" });
    mkdirSync(join(dist, "signed"), { recursive: true });
    writeFileSync(join(dist, "signed", "fix-imessage.shortcut"), signWithIdentity(fix!.bytes, loadSigningKey(Buffer.from(id.pem)), id.authData));
    writeBuild({ apiUrl: API_URL }, dist);
    const result = checkShortcuts(dir, { extraTrustAnchors: [id.anchor] });
    expect(result.ok).toBe(false);
    expect(result.lines).toContain("FAIL dist/signed/fix-imessage.shortcut verifies but does not contain the current build: sign again");
  });
});
