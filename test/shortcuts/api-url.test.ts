// Shortcuts built for a deployment: the API URL is a build input (`--api-url`, else PUBLIC_URL in
// wrangler.toml), the import question suggests it, the manifest records it, and nothing else changes.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chooseApiUrl, EXAMPLE_API_URL, isPlaceholderUrl, normalizeApiUrl, takeApiUrlFlag } from "../../shortcuts/src/api-url.ts";
import { buildAll, manifestFor, readManifest } from "../../shortcuts/src/build.ts";
import { reportedVersions } from "../../shortcuts/src/release.ts";

type Dict = Record<string, any>;
const API_URL = "https://delivered.acme-support.net";

/** Every string in a plist, depth first. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

describe("a build for a deployment", () => {
  const ours = buildAll({ apiUrl: API_URL });
  const example = buildAll({ apiUrl: EXAMPLE_API_URL });

  it("suggests that deployment on import and holds no trace of the example host", () => {
    for (const b of ours) {
      const [question] = b.plist.WFWorkflowImportQuestions as Dict[];
      expect(question!.DefaultValue).toBe(API_URL);
      expect((b.plist.WFWorkflowActions as Dict[])[question!.ActionIndex]!.WFWorkflowActionParameters.WFTextActionText).toBe(API_URL);
      const bytes = Buffer.from(b.bytes);
      expect(bytes.includes("example.workers.dev"), b.definition.slug).toBe(false);
      expect(bytes.includes("example"), b.definition.slug).toBe(false);
      expect(bytes.includes(API_URL)).toBe(true);
    }
  });

  it("differs from the example build only in those two places, and is deterministic", () => {
    ours.forEach((b, i) => {
      const swapped = JSON.parse(JSON.stringify(example[i]!.plist).replaceAll(EXAMPLE_API_URL, API_URL));
      expect(b.plist).toEqual(swapped);
      expect(strings(example[i]!.plist).filter((s) => s.includes(EXAMPLE_API_URL))).toEqual([EXAMPLE_API_URL, EXAMPLE_API_URL]);
      expect(Buffer.from(buildAll({ apiUrl: API_URL })[i]!.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    });
  });

  it("is recorded in the manifest, as the committed one records the build it describes", () => {
    expect(manifestFor(ours, API_URL, () => false).apiUrl).toBe(API_URL);
    // This repository deploys nowhere yet: its committed build is for wrangler.toml's example PUBLIC_URL.
    expect(readManifest()!.apiUrl).toBe(chooseApiUrl(undefined).url);
  });

  it("each file reports exactly its definition's version to the API (what update advice compares)", () => {
    for (const b of ours) expect([...reportedVersions(b.plist)], b.definition.slug).toEqual([b.definition.version]);
  });
});

describe("the API URL", () => {
  it("is an origin: a trailing slash goes, a path, query, credentials or another scheme are refused", () => {
    expect(normalizeApiUrl(" https://delivered.acme-support.net/ ")).toBe(API_URL);
    expect(normalizeApiUrl("https://Delivered.ACME-support.net:8443")).toBe("https://delivered.acme-support.net:8443");
    expect(normalizeApiUrl("http://192.168.1.20:8787")).toBe("http://192.168.1.20:8787"); // a phone on the same LAN as `npm start`
    for (const bad of ["delivered.acme-support.net", "https://acme.net/delivered", "https://acme.net/?x=1", "https://u:p@acme.net", "ftp://acme.net", ""]) {
      expect(() => normalizeApiUrl(bad), bad).toThrow(/API URL|not a URL/);
    }
  });

  it("tells the example and reserved names from real addresses", () => {
    for (const url of [EXAMPLE_API_URL, "https://example.com", "https://delivered.example", "https://x.test", "http://localhost:8787", "http://127.0.0.1:8787"]) {
      expect(isPlaceholderUrl(url), url).toBe(true);
    }
    for (const url of [API_URL, "https://delivered.jane.workers.dev", "https://imessage.examples.org"]) expect(isPlaceholderUrl(url), url).toBe(false);
  });

  it("comes from --api-url, else PUBLIC_URL in wrangler.toml, whatever other sections it has", () => {
    const dir = mkdtempSync(join(tmpdir(), "delivered-api-url-"));
    const toml = join(dir, "wrangler.toml");
    writeFileSync(
      toml,
      `name = "delivered"\n[vars]\nRATE_LIMIT = "on"\nPUBLIC_URL = "https://delivered.jane.workers.dev/"\n\n[[durable_objects.bindings]]\nname = "CROWD"\nclass_name = "Crowd"\n\n[[migrations]]\ntag = "v1"\nnew_sqlite_classes = ["Crowd"]\n\n[env.staging.vars]\nPUBLIC_URL = "https://staging.jane.dev"\n`,
    );
    expect(chooseApiUrl(undefined, toml)).toEqual({ url: "https://delivered.jane.workers.dev", source: "PUBLIC_URL in wrangler.toml" });
    expect(chooseApiUrl(API_URL, toml)).toEqual({ url: API_URL, source: "--api-url" });
    writeFileSync(toml, `name = "delivered"\n[vars]\nRATE_LIMIT = "on"\n`);
    expect(() => chooseApiUrl(undefined, toml)).toThrow(/no PUBLIC_URL/);
    expect(takeApiUrlFlag(["--api-url", API_URL, "x"])).toEqual({ apiUrl: API_URL, rest: ["x"] });
    expect(takeApiUrlFlag([`--api-url=${API_URL}`])).toEqual({ apiUrl: API_URL, rest: [] });
    expect(() => takeApiUrlFlag(["--api-url"])).toThrow(/needs a URL/);
  });
});
