// The Worker bundle as `wrangler deploy` would upload it, and its gzipped size (target < 200 KiB).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { root } from "./local-worker.mjs";

const outdir = mkdtempSync(join(tmpdir(), "delivered-bundle-"));
try {
  execFileSync(process.execPath, [join(root, "node_modules", "wrangler", "bin", "wrangler.js"), "deploy", "--dry-run", "--outdir", outdir], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  const files = readdirSync(outdir).filter((f) => f.endsWith(".js"));
  let raw = 0;
  let gzipped = 0;
  for (const file of files) {
    const bytes = readFileSync(join(outdir, file));
    raw += statSync(join(outdir, file)).size;
    gzipped += gzipSync(bytes, { level: 9 }).length;
  }
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`bundle: ${files.join(", ")}: ${kib(raw)} raw, ${kib(gzipped)} gzipped (target < 200 KiB gzipped)`);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
