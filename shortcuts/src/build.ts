// Builds every shortcut into shortcuts/dist/<slug>.shortcut (unsigned binary plist) and writes
// shortcuts/dist/manifest.json, which the Worker's landing page reads.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ShortcutBuilder, toBinaryPlist } from "./builder/shortcut.ts";
import type { PlistDict } from "./builder/values.ts";
import { SHORTCUTS, type ShortcutDefinition } from "./definitions/index.ts";
import type { Manifest, ManifestEntry } from "./manifest.ts";

export type { Manifest, ManifestEntry };

export const SHORTCUTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const DIST_DIR = join(SHORTCUTS_DIR, "dist");
export const SIGNED_DIR = join(DIST_DIR, "signed");

export interface BuiltShortcut {
  definition: ShortcutDefinition;
  plist: PlistDict;
  bytes: Uint8Array;
}

export function buildShortcut(definition: ShortcutDefinition): BuiltShortcut {
  const sc = new ShortcutBuilder(definition.name);
  definition.define(sc);
  const plist = sc.toPlist(definition.metadata);
  return { definition, plist, bytes: toBinaryPlist(plist) };
}

export function buildAll(): BuiltShortcut[] {
  return SHORTCUTS.map(buildShortcut);
}


export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
export const unsignedPath = (slug: string) => join(DIST_DIR, `${slug}.shortcut`);
export const signedPath = (slug: string) => join(SIGNED_DIR, `${slug}.shortcut`);

export function manifestFor(built: BuiltShortcut[], signedExists: (slug: string) => boolean): Manifest {
  return {
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

export function writeManifest(built: BuiltShortcut[], signedExists: (slug: string) => boolean = (slug) => existsSync(signedPath(slug))): void {
  writeFileSync(join(DIST_DIR, "manifest.json"), JSON.stringify(manifestFor(built, signedExists), null, 2) + "\n");
}

/** Writes the unsigned files and the manifest; returns what was built. */
export function writeBuild(): BuiltShortcut[] {
  mkdirSync(DIST_DIR, { recursive: true });
  const built = buildAll();
  for (const b of built) writeFileSync(unsignedPath(b.definition.slug), b.bytes);
  writeManifest(built);
  return built;
}

export function readIfExists(path: string): Uint8Array | undefined {
  return existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined;
}
