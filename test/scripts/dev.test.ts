// `npm start` and `npm test` pass their arguments on (`npm start -- --port 9000`,
// `npm test -- test/domain/engine.test.ts`), and `npm start` offline says so in one calm line.
// The scripts run for real against stand-ins for wrangler, tsc and vitest that record their arguments.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planDev, readDevVars, reachable } from "../../scripts/dev.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const FEEDS = { APPLE_STATUS_URL: "https://www.apple.com/a.js", APPLE_DEVELOPER_STATUS_URL: "https://www.apple.com/b.js", IOS_VERSIONS_URL: "https://gdmf.apple.com/v2/pmv" };

/** A bin/ whose commands append "name args…" to a log and exit with the status given for them. */
function standIns(exits: Record<string, number> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "delivered-standins-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  const log = join(dir, "calls.log");
  writeFileSync(log, "");
  for (const name of ["wrangler", "tsc", "vitest"]) {
    writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> "${log}"\nexit ${exits[name] ?? 0}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  const run = (script: string, args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ["--experimental-strip-types", "--no-warnings", join(ROOT, "scripts", script), ...args], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, ...env },
    });
  return { run, calls: () => readFileSync(log, "utf8").trim().split("\n").filter(Boolean) };
}

describe("npm start", () => {
  it("online: wrangler dev --test-scheduled with the arguments given, nothing turned off", () => {
    expect(planDev(["--port", "9000"], FEEDS, true, true)).toEqual({ args: ["dev", "--test-scheduled", "--var", "STATUS_CACHE:off", "--port", "9000"], env: {}, notice: undefined });
    // The location's cache only when asked for.
    expect(planDev(["--var", "STATUS_CACHE:on"], FEEDS, true, true, true).args).toEqual(["dev", "--test-scheduled", "--var", "STATUS_CACHE:on"]);
  });

  it("offline: one calm line, the feeds turned off (empty URL vars) and wrangler's placeholder request.cf", () => {
    const plan = planDev(["--port", "9000"], FEEDS, false, false);
    expect(plan.notice).toBe(`Apple's status feeds can't be reached from here (offline?), so the verdict says "unknown"; everything else works. Restart npm start when you're back online.`);
    expect(plan.args).toEqual(["dev", "--test-scheduled", "--var", "STATUS_CACHE:off", "--var", "APPLE_STATUS_URL:", "--var", "APPLE_DEVELOPER_STATUS_URL:", "--var", "IOS_VERSIONS_URL:", "--port", "9000"]);
    expect(plan.env).toEqual({ CLOUDFLARE_CF_FETCH_ENABLED: "false" });
  });

  it("reads .dev.vars as wrangler does, for a feed URL set there", () => {
    expect(readDevVars('RATE_LIMIT=off\n# comment\nAPPLE_STATUS_URL = "http://mirror.local/s.js"\n')).toEqual({ RATE_LIMIT: "off", APPLE_STATUS_URL: "http://mirror.local/s.js" });
  });

  it("probes a feed: any answer counts, a refused connection doesn't", async () => {
    const server = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      expect(await reachable(`http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.js`)).toBe(true);
    } finally {
      server.close();
    }
    expect(await reachable("http://127.0.0.1:1/feed.js", 1_000)).toBe(false);
  });

  it("runs: migrations, then wrangler dev with --port passed on; offline it prints the one line", () => {
    const { run, calls } = standIns();
    // A feed URL nothing listens on stands for "offline"; the cf.json probe is skipped by its own variable.
    const result = run("dev.ts", ["--port", "9000", "--var", "APPLE_STATUS_URL:http://127.0.0.1:1/status.js"], { CLOUDFLARE_CF_FETCH_ENABLED: "false" });
    expect(result.status).toBe(0);
    expect(calls()).toEqual([
      "wrangler d1 migrations apply DB --local",
      "wrangler dev --test-scheduled --var STATUS_CACHE:off --var APPLE_STATUS_URL: --var APPLE_DEVELOPER_STATUS_URL: --var IOS_VERSIONS_URL: --port 9000 --var APPLE_STATUS_URL:http://127.0.0.1:1/status.js",
    ]);
    expect(result.stdout.trim().split("\n")).toEqual([expect.stringMatching(/^Apple's status feeds can't be reached from here/)]);
  });

  it("stops when the migrations fail", () => {
    const { run, calls } = standIns({ wrangler: 1 });
    expect(run("dev.ts", [], { CLOUDFLARE_CF_FETCH_ENABLED: "false" }).status).toBe(1);
    expect(calls()).toEqual(["wrangler d1 migrations apply DB --local"]);
  });
});

describe("npm test", () => {
  it("type-checks both projects, then runs vitest with the arguments given", () => {
    const { run, calls } = standIns();
    expect(run("test.ts", ["test/domain/engine.test.ts", "-t", "clock"]).status).toBe(0);
    expect(calls()).toEqual(["tsc --noEmit", "tsc --noEmit -p tsconfig.node.json", "vitest run test/domain/engine.test.ts -t clock"]);
  });

  it("stops at the first failure, with its status", () => {
    const { run, calls } = standIns({ tsc: 2 });
    expect(run("test.ts", []).status).toBe(2);
    expect(calls()).toEqual(["tsc --noEmit"]);
  });
});
