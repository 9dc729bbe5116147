// The shape of shortcuts/dist/manifest.json: written by the build (build.ts), read by the Worker
// (src/services/shortcut-catalog.ts) for the landing page, the file route and update advice.
// No imports, so both the Node toolchain and the Worker can use it.

export interface ManifestEntry {
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
  /** SHA-256 of the unsigned plist, i.e. of what a signed file must contain. */
  sha256: string;
}

export interface Manifest {
  /**
   * The API this build is for: the address each shortcut suggests when it is imported
   * (`npm run shortcuts:build -- --api-url …`, else PUBLIC_URL in wrangler.toml).
   */
  apiUrl: string;
  shortcuts: ManifestEntry[];
}
