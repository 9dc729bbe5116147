import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseBinary } from "plist";
import { readBinaryPlist, verifySignedShortcut } from "../../shortcuts/src/aea/signed-shortcut.ts";
import { findArchiveFile, readAppleArchive } from "../../shortcuts/src/aea/apple-archive.ts";
import { extractAeaPayload, parseAea } from "../../shortcuts/src/aea/container.ts";
import { validateShortcutPlist } from "../../shortcuts/src/builder/validate.ts";
import { main } from "../../shortcuts/src/cli.ts";

const APPLE_SIGNED = new Uint8Array(readFileSync(new URL("../fixtures/shortcuts/apple-signed-anyone-mode.shortcut", import.meta.url)));

describe("Apple's real signed shortcut (anyone mode)", () => {
  const report = verifySignedShortcut(APPLE_SIGNED);

  it("verifies: chain to Apple Root CA - G3, ECDSA signature, every MAC", () => {
    expect(report.errors).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.mode).toBe("anyone");
    expect(report.authKeys).toEqual(["SigningCertificateChain"]);
    expect(report.chain?.anchor).toBe("Apple Root CA - G3");
    expect(report.chain?.certificates.map((c) => c.subject)).toEqual([
      "8721207e413745389d5e8a01147572ea",
      "Apple System Integration CA 4",
      "Apple Root CA - G3",
    ]);
    const names = report.checks.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(["signature", "root header MAC", "cluster 0 header MAC", "cluster 0 segment 0 MAC"]));
    expect(report.checks.every((c) => c.ok)).toBe(true);
  });

  it("reports the expired leaf certificate as a warning, and fails with strict", () => {
    expect(report.warnings).toEqual([expect.stringMatching(/8721207e.*expired on 2024-12-20/)]);
    const strict = verifySignedShortcut(APPLE_SIGNED, { strict: true });
    expect(strict.ok).toBe(false);
    expect(strict.errors).toEqual([expect.stringMatching(/expired/)]);
    // Before the leaf expired, the same file raises no warning.
    expect(verifySignedShortcut(APPLE_SIGNED, { now: new Date("2024-06-01T00:00:00Z") }).warnings).toEqual([]);
  });

  it("extracts Shortcut.wflow from the LZFSE-compressed Apple Archive, a plist that parses", () => {
    const container = parseAea(APPLE_SIGNED);
    expect(container.rootHeader.compression).toBe("e");
    const entries = readAppleArchive(extractAeaPayload(container));
    expect(entries.map((e) => e.fields.get("PAT"))).toEqual([
      { kind: "string", value: "" },
      { kind: "string", value: "Shortcut.wflow" },
    ]);
    const wflow = findArchiveFile(entries, "Shortcut.wflow")!;
    expect(Buffer.from(wflow).equals(Buffer.from(report.shortcutPlist!))).toBe(true);
    const b = parseBinary(Buffer.from(wflow)) as Record<string, unknown[]>;
    expect(b.WFWorkflowActions!.length).toBe(913);
    expect(readBinaryPlist(wflow)).toEqual(b);
    // Its token strings and blocks obey the rules our builder is checked against.
    expect(validateShortcutPlist(b, { structureOnly: true })).toEqual([]);
  });

  it("fails verification when any part of the file is changed", () => {
    const c = parseAea(APPLE_SIGNED);
    const cluster = c.clusters[0]!;
    const segment = cluster.segments[0]!;
    const positions: Record<string, number> = {
      "magic": 0,
      "profile": 4,
      "auth data size": 8,
      "auth data (certificate)": c.authDataOffset + 500,
      "signature": c.signatureOffset + 20,
      "signature padding": c.signatureOffset + 127,
      "random key": c.signatureOffset + 128 + 5,
      "main salt": c.signatureOffset + 160 + 5,
      "root header MAC": c.signatureOffset + 192 + 5,
      "root header raw size": c.signatureOffset + 224,
      "root header reserved": c.signatureOffset + 224 + 40,
      "first cluster MAC": c.signatureOffset + 272 + 3,
      "segment header": cluster.offset + 10,
      "unused segment header": cluster.offset + 40 * 7,
      "next cluster MAC": cluster.offset + 256 * 40 + 1,
      "segment MAC": cluster.offset + 256 * 40 + 32 + 4,
      "unused segment MAC slot": cluster.offset + 256 * 40 + 32 + 32 * 100,
      "segment data start": segment.dataOffset,
      "segment data middle": segment.dataOffset + Math.floor(segment.storedSize / 2),
      "last byte": APPLE_SIGNED.length - 1,
    };
    for (const [what, position] of Object.entries(positions)) {
      const damaged = APPLE_SIGNED.slice();
      damaged[position]! ^= 0x01;
      const result = verifySignedShortcut(damaged);
      expect(result.ok, `flipping the ${what} byte at ${position} went unnoticed`).toBe(false);
    }
  });

  it("verify exits 0 for the real file and 1 for a damaged one", async () => {
    const log = console.log;
    console.log = () => {};
    try {
      const path = new URL("../fixtures/shortcuts/apple-signed-anyone-mode.shortcut", import.meta.url).pathname;
      expect(await main(["verify", path])).toBe(0);
      expect(await main(["verify", path, "--strict"])).toBe(1);
      expect(await main(["inspect", path])).toBe(0);
    } finally {
      console.log = log;
    }
  });
});
