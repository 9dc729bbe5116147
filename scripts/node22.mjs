#!/usr/bin/env node
// Runs a command under Node.js >= 22.12 (wrangler 4 and vitest 5 need it).
// When the current Node is older, a Node 22 binary is taken from the npm registry's
// node-linux-<arch> package into .node22/ (once) and put first on PATH.
// Usage: node scripts/node22.mjs <command> [args...]   (no command: prints the bin dir)
import { spawnSync, execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const NODE_PACKAGE_VERSION = "22.23.3";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function isRecentEnough(version) {
  const [major, minor] = version.replace(/^v/, "").split(".").map(Number);
  return major > 22 || (major === 22 && minor >= 12);
}

function nodeBinDir() {
  if (isRecentEnough(process.version)) return dirname(process.execPath);
  if (process.platform !== "linux") {
    console.error(`Node ${process.version} is too old: install Node.js 22 or newer.`);
    process.exit(1);
  }
  const arch = process.arch === "arm64" ? "arm64" : "x64";
  const prefix = join(root, ".node22");
  const bin = join(prefix, "node_modules", `node-linux-${arch}`, "bin");
  if (!existsSync(join(bin, "node"))) {
    console.error(`Node ${process.version} is too old; fetching Node ${NODE_PACKAGE_VERSION} from the npm registry into .node22/`);
    mkdirSync(prefix, { recursive: true });
    execFileSync("npm", ["install", "--no-save", "--no-package-lock", "--prefix", prefix, `node-linux-${arch}@${NODE_PACKAGE_VERSION}`], { stdio: "inherit" });
  }
  return bin;
}

const bin = nodeBinDir();
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.log(bin);
  process.exit(0);
}
const env = {
  ...process.env,
  PATH: [bin, join(root, "node_modules", ".bin"), process.env.PATH].join(":"),
  WRANGLER_SEND_METRICS: "false",
};
const result = spawnSync(command, args, { stdio: "inherit", env });
if (result.error) {
  console.error(result.error.message);
  process.exit(127);
}
process.exit(result.status ?? 1);
