// `npm run release`: on a Mac, the three Shortcuts built for the configured API, signed by Apple
// ("anyone" mode: `shortcuts sign --mode anyone`, the Mac's own Apple ID), each signature verified
// by this project's verifier against Apple's roots, the manifest written, and what to commit and
// deploy printed. Anywhere else it says what it needs and exits 1, touching nothing.
//
// It works in a staging directory and only copies into shortcuts/dist once every file is signed,
// verified and holds the current build, so a failure halfway leaves the committed files as they were.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { readBinaryPlist, verifySignedShortcut, type VerifyOptions, type VerifyReport } from "./aea/signed-shortcut.ts";
import { ApiUrlError, chooseApiUrl, isPlaceholderUrl } from "./api-url.ts";
import { DIST_DIR, SHORTCUTS_DIR, signedPath, unsignedPath, writeBuild, writeManifest, type BuiltShortcut } from "./build.ts";
import { validateShortcutPlist } from "./builder/validate.ts";
import { checkShortcuts, samePlist } from "./check.ts";
import { signAll, SigningError } from "./sign.ts";

export interface ReleaseOptions {
  /** `--api-url`; else PUBLIC_URL in wrangler.toml. */
  apiUrl?: string;
  /** The shortcuts/ directory whose dist/ receives the release. */
  root?: string;
  wranglerToml?: string;
  platform?: NodeJS.Platform;
  /** The environment `shortcuts` runs in (its PATH). */
  env?: NodeJS.ProcessEnv;
  /** Apple's roots, and only them, unless a test adds its own CA. */
  verifyOptions?: VerifyOptions;
  print?: (line: string) => void;
}

/** Whether `shortcuts` (macOS 12+) can be run. */
export function shortcutsCommandAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  const run = spawnSync("shortcuts", ["help"], { stdio: "ignore", env });
  return !run.error && run.status === 0;
}

/**
 * The `client.version` values a built plist sends to the API: `version=` in a URL and `version`
 * keys in JSON bodies. Every built shortcut reports exactly its definition's VERSION.
 */
export function reportedVersions(plist: unknown): Set<string> {
  const found = new Set<string>();
  const text = (v: unknown): string | undefined => {
    if (typeof v === "string") return v;
    const inner = (v as { Value?: unknown } | null)?.Value;
    if (typeof inner === "string") return inner;
    const string = (inner as { string?: unknown } | null)?.string;
    return typeof string === "string" ? string : undefined;
  };
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      for (const m of v.matchAll(/[?&]version=([0-9A-Za-z.-]+)/g)) found.add(m[1]!);
      return;
    }
    if (!v || typeof v !== "object") return;
    if (Array.isArray(v)) return v.forEach(walk);
    const dict = v as Record<string, unknown>;
    if ("WFKey" in dict && "WFValue" in dict && text(dict.WFKey) === "version") {
      const value = text(dict.WFValue);
      if (value) found.add(value);
    }
    Object.values(dict).forEach(walk);
  };
  walk(plist);
  return found;
}

/** What `npm run release` needs that this machine or configuration lacks. */
function missingRequirements(options: ReleaseOptions, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): { needs: string[]; apiUrl?: string; source?: string } {
  const needs: string[] = [];
  if (platform !== "darwin") {
    needs.push(
      `A Mac. Apple signs Shortcuts that anyone can import only through macOS's own \`shortcuts sign --mode anyone\` ` +
        `(macOS 12 or later, signed in to iCloud), and this machine runs ${platform}.`,
    );
  } else if (!shortcutsCommandAvailable(env)) {
    needs.push("The `shortcuts` command (macOS 12 or later). It is part of the Shortcuts app; sign in to iCloud in System Settings.");
  }
  let apiUrl: string | undefined;
  let source: string | undefined;
  try {
    ({ url: apiUrl, source } = chooseApiUrl(options.apiUrl, options.wranglerToml));
    if (isPlaceholderUrl(apiUrl)) {
      needs.push(
        `Your deployment's address. ${source} is ${apiUrl}, which no iPhone can reach: set PUBLIC_URL under [vars] in ` +
          `wrangler.toml to your Worker's address (docs/deploy.md), or pass --api-url https://…`,
      );
    }
  } catch (error) {
    if (!(error instanceof ApiUrlError)) throw error;
    needs.push(`A valid API URL: ${error.message}`);
  }
  return { needs, apiUrl, source };
}

export async function release(options: ReleaseOptions = {}): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const root = options.root ?? SHORTCUTS_DIR;
  const distDir = root === SHORTCUTS_DIR ? DIST_DIR : join(root, "dist");
  const verifyOptions = options.verifyOptions ?? {};

  const { needs, apiUrl, source } = missingRequirements(options, platform, env);
  if (needs.length || !apiUrl) {
    print("npm run release builds the Shortcuts for your deployment, has Apple sign them and checks every signature. It needs:");
    for (const need of needs) print(`  - ${need}`);
    print("Nothing was built or signed.");
    if (platform !== "darwin") {
      print("");
      print("On a Mac: clone the repository, set PUBLIC_URL in wrangler.toml, then run `npm ci && npm run release`.");
      print("Here you can still build unsigned files for your deployment (iOS 15 and later won't import them):");
      print(`  npm run shortcuts:build -- --api-url ${apiUrl && !isPlaceholderUrl(apiUrl) ? apiUrl : "https://delivered.<your-subdomain>.workers.dev"}`);
    }
    return 1;
  }

  print(`Releasing the Shortcuts for ${apiUrl} (${source}).`);
  const staging = mkdtempSync(join(tmpdir(), "delivered-release-"));
  try {
    const built = writeBuild({ apiUrl }, staging);
    for (const b of built) {
      const problems = validateShortcutPlist(b.plist);
      if (problems.length) {
        print(`${b.definition.slug}: the built plist is malformed: ${problems.join("; ")}`);
        return 1;
      }
    }

    // What the files being replaced hold: a shortcut that changed but still reports its old
    // version would never tell installed copies to update.
    const previous = new Map<string, Uint8Array>();
    for (const b of built) {
      const path = signedPath(b.definition.slug, distDir);
      if (!existsSync(path)) continue;
      const report = verifySignedShortcut(new Uint8Array(readFileSync(path)), verifyOptions);
      if (report.ok && report.shortcutPlist) previous.set(b.definition.slug, report.shortcutPlist);
    }

    let reports: Record<string, VerifyReport>;
    try {
      ({ reports } = await signAll(built, { kind: "macos", env }, verifyOptions, staging));
    } catch (error) {
      if (!(error instanceof SigningError)) throw error;
      print(`Release stopped: ${error.message}`);
      print(`Nothing in ${relative(process.cwd(), distDir) || distDir} changed.`);
      return 1;
    }
    const notAnyone = built.filter((b) => reports[b.definition.slug]?.mode !== "anyone");
    if (notAnyone.length) {
      for (const b of notAnyone) print(`Release stopped: ${b.definition.slug} is signed in "${reports[b.definition.slug]?.mode}" mode, not "anyone": only people with the signer in their Contacts could import it.`);
      return 1;
    }

    install(built, staging, distDir, apiUrl);
    const check = checkShortcuts(root, verifyOptions, { wranglerToml: options.wranglerToml });
    if (!check.ok) {
      for (const line of check.lines.filter((l) => l.startsWith("FAIL"))) print(line);
      print("Release written, but the check above failed: do not commit it.");
      return 1;
    }

    printSummary(print, built, reports, previous, apiUrl, options.wranglerToml, distDir);
    return 0;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Copies the staged release into dist/ and writes its manifest (signedFile, sha256, version, apiUrl). */
function install(built: BuiltShortcut[], staging: string, distDir: string, apiUrl: string): void {
  mkdirSync(join(distDir, "signed"), { recursive: true });
  for (const b of built) {
    const slug = b.definition.slug;
    copyFileSync(unsignedPath(slug, staging), unsignedPath(slug, distDir));
    copyFileSync(signedPath(slug, staging), signedPath(slug, distDir));
  }
  writeManifest(built, apiUrl, distDir, () => true);
}

function printSummary(
  print: (line: string) => void,
  built: BuiltShortcut[],
  reports: Record<string, VerifyReport>,
  previous: Map<string, Uint8Array>,
  apiUrl: string,
  wranglerToml: string | undefined,
  distDir: string,
): void {
  print("");
  print(`Signed and verified against Apple's roots, for ${apiUrl}:`);
  for (const b of built) {
    const d = b.definition;
    const report = reports[d.slug]!;
    const leaf = report.chain?.certificates[0];
    print(`  ${d.name} ${d.version}: signed/${d.slug}.shortcut, ${report.mode} mode${leaf ? `, certificate valid until ${leaf.validTo.slice(0, 10)}` : ""}`);
    for (const warning of report.warnings) print(`    warning: ${warning}`);
    const before = previous.get(d.slug);
    if (before && !samePlist(before, b.bytes) && reportedVersions(readBinaryPlist(before)).has(d.version)) {
      print(
        `    note: ${d.name} changed since the signed file it replaces, but both report version ${d.version}. Installed copies ` +
          `are told to update only when the version differs: bump VERSION in shortcuts/src/definitions/${d.slug}.ts and release again ` +
          `(unless only the API address changed).`,
      );
    }
  }
  const versions = built.map((b) => `${b.definition.name} ${b.definition.version}`).join(", ");
  const dist = relative(process.cwd(), distDir) || distDir;
  print("");
  print("Next:");
  print(`  1. Commit the release:  git add ${dist} && git commit -m "Release the Shortcuts for ${apiUrl}: ${versions}"`);
  print("  2. Deploy it:           npm run deploy");
  print(`  3. Check it:            curl -sI ${apiUrl}/shortcuts/${built[0]!.definition.slug}.shortcut   (x-shortcut-signed: true)`);
  let publicUrl: string | undefined;
  try {
    publicUrl = chooseApiUrl(undefined, wranglerToml).url;
  } catch {
    publicUrl = undefined;
  }
  if (publicUrl !== apiUrl) {
    print(`Before deploying, set PUBLIC_URL in wrangler.toml to ${apiUrl} (it is ${publicUrl ?? "not set"}): npm run deploy refuses a build for another address.`);
  }
}
