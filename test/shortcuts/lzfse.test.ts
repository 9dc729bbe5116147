import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseBinary } from "plist";
import { lzfseDecode, LzfseError } from "../../shortcuts/src/aea/lzfse.ts";
import { parseAea } from "../../shortcuts/src/aea/container.ts";

const APPLE_SIGNED = new URL("../fixtures/shortcuts/apple-signed-anyone-mode.shortcut", import.meta.url);

/** The LZFSE-compressed segment of Apple's own signed file, and what its header says it holds. */
function appleSegment() {
  const container = parseAea(new Uint8Array(readFileSync(APPLE_SIGNED)));
  const segment = container.clusters[0]!.segments[0]!;
  return { stored: container.bytes.slice(segment.dataOffset, segment.dataOffset + segment.storedSize), segment };
}

const le32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const ascii = (s: string) => Buffer.from(s, "latin1");

describe("LZFSE decoder", () => {
  it("decodes Apple's real bvx2 stream to exactly the bytes the AEA segment header's SHA-256 names", () => {
    const { stored, segment } = appleSegment();
    expect(ascii("bvx2").equals(Buffer.from(stored.subarray(0, 4)))).toBe(true);
    const raw = lzfseDecode(stored);
    expect(raw.length).toBe(segment.rawSize);
    expect(createHash("sha256").update(raw).digest().equals(Buffer.from(segment.checksum))).toBe(true);
    // The payload is an Apple Archive whose file entry holds a binary plist.
    expect(ascii("AA01").equals(Buffer.from(raw.subarray(0, 4)))).toBe(true);
    const plistStart = Buffer.from(raw).indexOf("bplist00");
    const parsed = parseBinary(Buffer.from(raw.subarray(plistStart))) as Record<string, unknown>;
    expect(Array.isArray(parsed.WFWorkflowActions)).toBe(true);
  });

  it("decodes raw (bvx-) blocks and chains blocks of different kinds", () => {
    const { stored, segment } = appleSegment();
    const withoutEnd = stored.subarray(0, stored.length - 4); // drop bvx$, append more blocks
    const stream = Buffer.concat([ascii("bvx-"), le32(5), ascii("hello"), withoutEnd, ascii("bvx-"), le32(3), ascii("end"), ascii("bvx$")]);
    const out = lzfseDecode(stream);
    expect(out.length).toBe(5 + segment.rawSize + 3);
    expect(Buffer.from(out.subarray(0, 5)).toString()).toBe("hello");
    expect(Buffer.from(out.subarray(out.length - 3)).toString()).toBe("end");
  });

  it("decodes every LZVN (bvxn) opcode kind", () => {
    // Hand-assembled from the opcode table: literal-only, small/medium/large distance,
    // previous distance, match-only, no-op, end of stream.
    const payload = Buffer.from([
      0xe4, ...ascii("abcd"), //            sml_l: 4 literals                       → abcd
      0x28, 0x04, //                        sml_d: L0 M8 D4                         → abcdabcd
      0xf3, //                              sml_m: M3, previous D4                  → abc
      0xe0, 0x04, ...ascii("0123456789ABCDEFGHIJ"), // lrg_l: 16+4 literals         → 0123…J
      0x46, ...ascii("x"), //               pre_d: L1 M3, previous D4               → x + "HIJ"… (copies from 4 back)
      0x0e, //                              nop
      0x07, 0x1a, 0x00, //                  lrg_d: L0 M3 D26                        → 3 bytes from 26 back
      0xa8 | 0x01, (10 << 2) | 0x02, 0x00, // med_d: L1 M ((1<<2)|2)+3=9 D10, then 1 literal
      ...ascii("z"),
      0xf0, 0x01, //                        lrg_m: M 16+1=17, previous D10
      0x06, 0, 0, 0, 0, 0, 0, 0, //         eos
    ]);
    // Reference semantics, step by step.
    let expected = "abcd";
    const copy = (d: number, m: number) => {
      for (let i = 0; i < m; i++) expected += expected[expected.length - d];
    };
    copy(4, 8);
    copy(4, 3);
    expected += "0123456789ABCDEFGHIJ";
    expected += "x";
    copy(4, 3);
    copy(26, 3);
    expected += "z";
    copy(10, 9);
    copy(10, 17);
    const stream = Buffer.concat([ascii("bvxn"), le32(expected.length), le32(payload.length), payload, ascii("bvx$")]);
    expect(Buffer.from(lzfseDecode(stream)).toString("latin1")).toBe(expected);
  });

  it("rejects corrupt streams instead of returning wrong bytes", () => {
    const { stored } = appleSegment();
    expect(() => lzfseDecode(stored.subarray(0, stored.length - 4))).toThrow(LzfseError); // no bvx$
    expect(() => lzfseDecode(Buffer.concat([ascii("bvx?"), ascii("bvx$")]))).toThrow(/unknown block magic/);
    const truncated = Buffer.from(stored.subarray(0, 200));
    expect(() => lzfseDecode(truncated)).toThrow(LzfseError);
    // An LZVN match reaching before the start of the output.
    const bad = Buffer.from([0x28, 0x04, 0x06, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => lzfseDecode(Buffer.concat([ascii("bvxn"), le32(8), le32(bad.length), bad, ascii("bvx$")]))).toThrow(/distance/);
    // A damaged bvx2 block: the decoded size or the bit stream no longer adds up.
    const damaged = Buffer.from(stored);
    damaged[damaged.length - 100]! ^= 0xff;
    let threwOrDiffers = false;
    try {
      threwOrDiffers = !Buffer.from(lzfseDecode(damaged)).equals(Buffer.from(lzfseDecode(stored)));
    } catch {
      threwOrDiffers = true;
    }
    expect(threwOrDiffers).toBe(true);
  });
});
