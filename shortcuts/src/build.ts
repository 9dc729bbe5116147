// Builds every shortcut into shortcuts/dist/<slug>.shortcut (unsigned binary plist) and writes
// shortcuts/dist/manifest.json, which the Worker's landing page reads. A build is for one API
// (BuildInputs.apiUrl), which the manifest records.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ShortcutBuilder, toBinaryPlist } from "./builder/shortcut.ts";
import type { PlistDict } from "./builder/values.ts";
import type { BuildInputs } from "./definitions/common.ts";
import { SHORTCUTS, type ShortcutDefinition } from "./definitions/index.ts";
import type { Manifest, ManifestEntry } from "./manifest.ts";

export type { BuildInputs, Manifest, ManifestEntry };

export const SHORTCUTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const DIST_DIR = join(SHORTCUTS_DIR, "dist");
export const SIGNED_DIR = join(DIST_DIR, "signed");

export interface BuiltShortcut {
  definition: ShortcutDefinition;
  plist: PlistDict;
  bytes: Uint8Array;
}

export function buildShortcut(definition: ShortcutDefinition, inputs: BuildInputs): BuiltShortcut {
  const sc = new ShortcutBuilder(definition.name);
  definition.define(sc, inputs);
  const plist = sc.toPlist(definition.metadata);
  return { definition, plist, bytes: toBinaryPlist(plist) };
}

/** Every shortcut, built for one API (`inputs.apiUrl`, already normalized: see api-url.ts). */
export function buildAll(inputs: BuildInputs): BuiltShortcut[] {
  return SHORTCUTS.map((definition) => buildShortcut(definition, inputs));
}

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
export const unsignedPath = (slug: string, distDir = DIST_DIR) => join(distDir, `${slug}.shortcut`);
export const signedPath = (slug: string, distDir = DIST_DIR) => join(distDir, "signed", `${slug}.shortcut`);
export const manifestPath = (distDir = DIST_DIR) => join(distDir, "manifest.json");

export function manifestFor(built: BuiltShortcut[], apiUrl: string, signedExists: (slug: string) => boolean): Manifest {
  return {
    apiUrl,
    shortcuts: built.map(({ definition: d, bytes }) => ({
      slug: d.slug,
      name: d.name,
      version: d.version,
      description: d.description,
      sends: d.sends,
      unsignedFile: `${d.slug}.shortcut`,
      signedFile: signedExists(d.slug) ? `signed/${d.slug}.shortcut` : null,
      sha256: sha256Hex(bytes),
    })),
  };
}

export const manifestText = (manifest: Manifest) => JSON.stringify(manifest, null, 2) + "\n";

export function writeManifest(
  built: BuiltShortcut[],
  apiUrl: string,
  distDir = DIST_DIR,
  signedExists: (slug: string) => boolean = (slug) => existsSync(signedPath(slug, distDir)),
): void {
  writeFileSync(manifestPath(distDir), manifestText(manifestFor(built, apiUrl, signedExists)));
}

/** The manifest in a dist directory, or null when there is none (or it isn't JSON). */
export function readManifest(distDir = DIST_DIR): Manifest | null {
  try {
    return JSON.parse(readFileSync(manifestPath(distDir), "utf8")) as Manifest;
  } catch {
    return null;
  }
}

/** Writes the unsigned files and the manifest; returns what was built. */
export function writeBuild(inputs: BuildInputs, distDir = DIST_DIR): BuiltShortcut[] {
  mkdirSync(distDir, { recursive: true });
  const built = buildAll(inputs);
  for (const b of built) writeFileSync(unsignedPath(b.definition.slug, distDir), b.bytes);
  writeManifest(built, inputs.apiUrl, distDir);
  return built;
}

export function readIfExists(path: string): Uint8Array | undefined {
  return existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined;
}
