// The Shortcuts this deployment ships: shortcuts/dist/manifest.json, written by the Shortcuts build
// (shortcuts/src/build.ts) and bundled here, so the page and the file route know what exists
// without a request. The files themselves are static assets (the ASSETS binding serves shortcuts/dist).
import manifest from "../../shortcuts/dist/manifest.json";
import type { Manifest, ManifestEntry } from "../../shortcuts/src/manifest";

export type ShortcutEntry = ManifestEntry;

// Typed: a manifest whose shape drifts from the build's fails type-checking here.
const MANIFEST: Manifest = manifest;
export const SHORTCUTS: readonly ShortcutEntry[] = MANIFEST.shortcuts;
/** The API the shipped files suggest on import (the build's `--api-url`, else PUBLIC_URL). */
export const SHORTCUTS_API_URL: string = MANIFEST.apiUrl;

/** Each shortcut's current version, by slug: a sender on an older one is pointed at the new file. */
export const LATEST_VERSIONS: Readonly<Record<string, string>> = Object.fromEntries(SHORTCUTS.map((s) => [s.slug, s.version]));

/** The entry "fix-imessage.shortcut" names, or null when it names no shipped shortcut. */
export function shortcutForFile(fileName: string, catalog: readonly ShortcutEntry[] = SHORTCUTS): ShortcutEntry | null {
  const match = /^([a-z0-9-]+)\.shortcut$/.exec(fileName);
  return (match && catalog.find((s) => s.slug === match[1])) || null;
}

/** Where the page links for a shortcut: the route below serves the signed file when there is one. */
export function downloadPath(entry: ShortcutEntry): string {
  return `/shortcuts/${entry.slug}.shortcut`;
}
