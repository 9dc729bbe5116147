// `shortcuts:check`: the committed outputs must be what the current source builds for the API the
// manifest records, and every signed file under shortcuts/ must verify and carry the current build
// of its shortcut.
import { isDeepStrictEqual } from "node:util";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { readBinaryPlist, verifySignedShortcut, type VerifyOptions } from "./aea/signed-shortcut.ts";
import { chooseApiUrl } from "./api-url.ts";
import { buildAll, manifestFor, manifestPath, manifestText, readIfExists, readManifest, SHORTCUTS_DIR, signedPath, unsignedPath } from "./build.ts";
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

export interface CheckOptions {
  /** Build for this API instead of the one the manifest records (a directory without a manifest). */
  apiUrl?: string;
  /** Where PUBLIC_URL is read from, to say when the build is for another API. */
  wranglerToml?: string;
}

export function checkShortcuts(root = SHORTCUTS_DIR, verifyOptions: VerifyOptions = {}, options: CheckOptions = {}): CheckResult {
  const lines: string[] = [];
  let ok = true;
  const fail = (line: string) => {
    ok = false;
    lines.push(`FAIL ${line}`);
  };
  const distDir = join(root, "dist");
  const committedManifest = readManifest(distDir);
  // The repository's dist must be complete; another directory (a test's, a release's staging) is
  // checked as far as it goes.
  const complete = root === SHORTCUTS_DIR || committedManifest !== null;

  // Build for the API the committed build is for: the manifest records it.
  let apiUrl = options.apiUrl ?? committedManifest?.apiUrl;
  if (!apiUrl) {
    if (complete) fail("dist/manifest.json records no apiUrl (the API the build is for): run npm run shortcuts:build");
    apiUrl = chooseApiUrl(undefined, options.wranglerToml).url;
  }
  const built = buildAll({ apiUrl });
  const bySlug = new Map(built.map((b) => [b.definition.slug, b]));
  for (const b of built) {
    const problems = validateShortcutPlist(b.plist);
    if (problems.length) fail(`${b.definition.slug}: the built plist is malformed: ${problems.slice(0, 5).join("; ")}`);
    if (complete) {
      const path = unsignedPath(b.definition.slug, distDir);
      const committed = readIfExists(path);
      if (!committed) fail(`${relative(root, path)} is missing: run npm run shortcuts:build`);
      else if (!Buffer.from(committed).equals(Buffer.from(b.bytes))) fail(`${relative(root, path)} is stale: run npm run shortcuts:build`);
      else lines.push(`ok   ${relative(root, path)} is the current build for ${apiUrl}`);
    }
  }
  if (complete) {
    const manifest = readIfExists(manifestPath(distDir));
    const expected = manifestText(manifestFor(built, apiUrl, (slug) => existsSync(signedPath(slug, distDir))));
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
  // A build for another API than the one wrangler.toml deploys to would point iPhones elsewhere.
  if (root === SHORTCUTS_DIR) {
    const publicUrl = configuredPublicUrl(options.wranglerToml);
    if (publicUrl && publicUrl !== apiUrl) {
      lines.push(`note dist is built for ${apiUrl} but PUBLIC_URL in wrangler.toml is ${publicUrl}: run npm run shortcuts:build before deploying`);
    }
  }
  // Passing checks on unsigned builds alone must not read as "ready to install": iOS refuses them.
  if (signed === 0) lines.push("note no signed release exists: iOS refuses unsigned shortcuts; a maintainer signs one on a Mac (docs/shortcuts.md)");
  return { ok, lines, signed };
}

/** PUBLIC_URL from wrangler.toml, normalized; undefined when it is missing or not a URL. */
function configuredPublicUrl(wranglerToml?: string): string | undefined {
  try {
    return chooseApiUrl(undefined, wranglerToml).url;
  } catch {
    return undefined;
  }
}
