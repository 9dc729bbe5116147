// `shortcuts:check`: the committed outputs must be what the current source builds, and every
// signed file under shortcuts/ must verify and carry the current build of its shortcut.
import { isDeepStrictEqual } from "node:util";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { readBinaryPlist, verifySignedShortcut, type VerifyOptions } from "./aea/signed-shortcut.ts";
import { buildAll, DIST_DIR, manifestFor, SHORTCUTS_DIR, signedPath, unsignedPath, readIfExists } from "./build.ts";
import { existsSync } from "node:fs";
import { validateShortcutPlist } from "./builder/validate.ts";

export interface CheckResult {
  ok: boolean;
  lines: string[];
  /** How many signed (AEA1) files were found and verified. */
  signed: number;
}

function shortcutFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === "node_modules") continue;
    if (statSync(path).isDirectory()) found.push(...shortcutFiles(path));
    else if (name.endsWith(".shortcut")) found.push(path);
  }
  return found;
}

/** Same plist content (a signer may re-encode the binary plist, so bytes can differ). */
export function samePlist(a: Uint8Array, b: Uint8Array): boolean {
  if (Buffer.from(a).equals(Buffer.from(b))) return true;
  try {
    return isDeepStrictEqual(readBinaryPlist(a), readBinaryPlist(b));
  } catch {
    return false;
  }
}

export function checkShortcuts(root = SHORTCUTS_DIR, verifyOptions: VerifyOptions = {}): CheckResult {
  const lines: string[] = [];
  let ok = true;
  const fail = (line: string) => {
    ok = false;
    lines.push(`FAIL ${line}`);
  };
  const built = buildAll();
  const bySlug = new Map(built.map((b) => [b.definition.slug, b]));
  for (const b of built) {
    const problems = validateShortcutPlist(b.plist);
    if (problems.length) fail(`${b.definition.slug}: the built plist is malformed: ${problems.slice(0, 5).join("; ")}`);
    if (root === SHORTCUTS_DIR) {
      const committed = readIfExists(unsignedPath(b.definition.slug));
      if (!committed) fail(`${relative(root, unsignedPath(b.definition.slug))} is missing: run npm run shortcuts:build`);
      else if (!Buffer.from(committed).equals(Buffer.from(b.bytes))) fail(`${relative(root, unsignedPath(b.definition.slug))} is stale: run npm run shortcuts:build`);
      else lines.push(`ok   ${relative(root, unsignedPath(b.definition.slug))} is the current build`);
    }
  }
  if (root === SHORTCUTS_DIR) {
    const manifest = readIfExists(join(DIST_DIR, "manifest.json"));
    const expected = JSON.stringify(manifestFor(built, (slug) => existsSync(signedPath(slug))), null, 2) + "\n";
    if (!manifest || Buffer.from(manifest).toString("utf8") !== expected) fail("dist/manifest.json is stale: run npm run shortcuts:build");
    else lines.push("ok   dist/manifest.json is current");
  }
  let signed = 0;
  for (const path of shortcutFiles(root)) {
    const bytes = new Uint8Array(readFileSync(path));
    const name = relative(root, path);
    if (String.fromCharCode(...bytes.subarray(0, 4)) !== "AEA1") continue; // unsigned: checked above
    signed++;
    const report = verifySignedShortcut(bytes, verifyOptions);
    if (!report.ok) {
      fail(`${name} does not verify: ${report.errors.join("; ")}`);
      continue;
    }
    const slug = basename(path, ".shortcut");
    const current = bySlug.get(slug);
    if (!current) fail(`${name} is signed but no shortcut is called ${slug}`);
    else if (!report.shortcutPlist || !samePlist(report.shortcutPlist, current.bytes)) fail(`${name} verifies but does not contain the current build: sign again`);
    else lines.push(`ok   ${name} verifies and contains the current build${report.warnings.length ? ` (warning: ${report.warnings.join("; ")})` : ""}`);
  }
  // Passing checks on unsigned builds alone must not read as "ready to install": iOS refuses them.
  if (signed === 0) lines.push("note no signed release exists: iOS refuses unsigned shortcuts; a maintainer signs one on a Mac (docs/shortcuts.md)");
  return { ok, lines, signed };
}
