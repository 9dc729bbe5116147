// The Shortcuts this deployment ships: shortcuts/dist/manifest.json, written by the Shortcuts build
// (shortcuts/src/build.ts) and bundled here, so the page and the file route know what exists
// without a request. The files themselves are static assets (the ASSETS binding serves shortcuts/dist).
import manifest from "../../shortcuts/dist/manifest.json";

export interface ShortcutEntry {
  slug: string;
  /** The shortcut's name, which is also the Siri phrase and the downloaded file's name. */
  name: string;
  version: string;
  description: string;
  /** What the shortcut sends to the API, in plain words. */
  sends: string;
  /** Path inside shortcuts/dist, e.g. "fix-imessage.shortcut". */
  unsignedFile: string;
  /** Path inside shortcuts/dist, e.g. "signed/fix-imessage.shortcut"; null until a maintainer signs on a Mac. */
  signedFile: string | null;
  /** SHA-256 of the unsigned plist (what a signed file wraps). */
  sha256: string;
}

// Typed: a manifest whose shape drifts from the build's fails type-checking here.
export const SHORTCUTS: readonly ShortcutEntry[] = manifest.shortcuts;

/** The entry "fix-imessage.shortcut" names, or null when it names no shipped shortcut. */
export function shortcutForFile(fileName: string, catalog: readonly ShortcutEntry[] = SHORTCUTS): ShortcutEntry | null {
  const match = /^([a-z0-9-]+)\.shortcut$/.exec(fileName);
  return (match && catalog.find((s) => s.slug === match[1])) || null;
}

/** Where the page links for a shortcut: the route below serves the signed file when there is one. */
export function downloadPath(entry: ShortcutEntry): string {
  return `/shortcuts/${entry.slug}.shortcut`;
}
