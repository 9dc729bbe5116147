// Apple Archive ("AA01", also called YAA): the payload format inside a signed shortcut.
// Each entry is "AA01", a u16 header size (counting the whole header), then fields of a
// 3-character key plus a 1-character subtype, then the blobs the header announced.

export class AppleArchiveError extends Error {
  constructor(message: string) {
    super(`Apple Archive: ${message}`);
    this.name = "AppleArchiveError";
  }
}

export type AppleArchiveFieldValue =
  | { kind: "uint"; value: number }
  | { kind: "string"; value: string }
  | { kind: "time"; seconds: number; nanoseconds: number }
  | { kind: "blob"; size: number }
  | { kind: "flag" };

export interface AppleArchiveEntry {
  fields: Map<string, AppleArchiveFieldValue>;
  /** Blobs in header order, keyed like the fields (e.g. "DAT"). */
  blobs: Map<string, Uint8Array>;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function readAppleArchive(bytes: Uint8Array): AppleArchiveEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: AppleArchiveEntry[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 6 > bytes.length) throw new AppleArchiveError(`truncated entry header at ${at}`);
    const magic = String.fromCharCode(...bytes.subarray(at, at + 4));
    if (magic !== "AA01" && magic !== "YAA1") throw new AppleArchiveError(`bad entry magic ${JSON.stringify(magic)} at ${at}`);
    const headerSize = view.getUint16(at + 4, true);
    const headerEnd = at + headerSize;
    if (headerSize < 6 || headerEnd > bytes.length) throw new AppleArchiveError(`bad header size ${headerSize} at ${at}`);
    const fields = new Map<string, AppleArchiveFieldValue>();
    const blobOrder: Array<[string, number]> = [];
    let p = at + 6;
    while (p < headerEnd) {
      if (p + 4 > headerEnd) throw new AppleArchiveError("truncated field");
      const key = String.fromCharCode(bytes[p]!, bytes[p + 1]!, bytes[p + 2]!);
      const subtype = String.fromCharCode(bytes[p + 3]!);
      p += 4;
      const need = (n: number) => {
        if (p + n > headerEnd) throw new AppleArchiveError(`field ${key}${subtype} runs past its header`);
      };
      switch (subtype) {
        case "*":
          fields.set(key, { kind: "flag" });
          break;
        case "1":
        case "2":
        case "4":
        case "8": {
          const n = Number(subtype);
          need(n);
          let value = 0;
          for (let i = n - 1; i >= 0; i--) value = value * 256 + bytes[p + i]!;
          fields.set(key, { kind: "uint", value });
          p += n;
          break;
        }
        case "P": {
          need(2);
          const length = view.getUint16(p, true);
          need(2 + length);
          fields.set(key, { kind: "string", value: utf8.decode(bytes.subarray(p + 2, p + 2 + length)) });
          p += 2 + length;
          break;
        }
        case "T": {
          need(12);
          fields.set(key, { kind: "time", seconds: Number(view.getBigInt64(p, true)), nanoseconds: view.getUint32(p + 8, true) });
          p += 12;
          break;
        }
        case "A":
        case "B":
        case "C": {
          const n = subtype === "A" ? 2 : subtype === "B" ? 4 : 8;
          need(n);
          const size = n === 2 ? view.getUint16(p, true) : n === 4 ? view.getUint32(p, true) : Number(view.getBigUint64(p, true));
          fields.set(key, { kind: "blob", size });
          blobOrder.push([key, size]);
          p += n;
          break;
        }
        default:
          throw new AppleArchiveError(`unsupported field subtype ${JSON.stringify(subtype)} for ${key}`);
      }
    }
    at = headerEnd;
    const blobs = new Map<string, Uint8Array>();
    for (const [key, size] of blobOrder) {
      if (at + size > bytes.length) throw new AppleArchiveError(`blob ${key} truncated`);
      blobs.set(key, bytes.subarray(at, at + size));
      at += size;
    }
    entries.push({ fields, blobs });
  }
  return entries;
}

/** The contents of the regular file at `path`, or undefined when the archive has none. */
export function findArchiveFile(entries: AppleArchiveEntry[], path: string): Uint8Array | undefined {
  for (const entry of entries) {
    const type = entry.fields.get("TYP");
    const pat = entry.fields.get("PAT");
    // TYP is the ASCII code of the entry type: 'F' file, 'D' directory.
    if (type?.kind === "uint" && type.value === 0x46 && pat?.kind === "string" && pat.value === path) {
      return entry.blobs.get("DAT") ?? new Uint8Array(0);
    }
  }
  return undefined;
}

class HeaderWriter {
  private readonly parts: number[] = [];
  key(key: string, subtype: string): this {
    for (const c of key + subtype) this.parts.push(c.charCodeAt(0));
    return this;
  }
  uint(key: string, width: 1 | 2 | 4, value: number): this {
    this.key(key, String(width));
    for (let i = 0; i < width; i++) this.parts.push(Math.floor(value / 256 ** i) & 0xff);
    return this;
  }
  string(key: string, value: string): this {
    const encoded = new TextEncoder().encode(value);
    this.key(key, "P");
    this.parts.push(encoded.length & 0xff, encoded.length >> 8, ...encoded);
    return this;
  }
  time(key: string, seconds: number): this {
    this.key(key, "T");
    const b = new Uint8Array(12);
    new DataView(b.buffer).setBigInt64(0, BigInt(seconds), true);
    this.parts.push(...b);
    return this;
  }
  blobSize(key: string, size: number): this {
    this.key(key, "B");
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, size, true);
    this.parts.push(...b);
    return this;
  }
  finish(): Uint8Array {
    const size = 6 + this.parts.length;
    return Uint8Array.from([0x41, 0x41, 0x30, 0x31, size & 0xff, size >> 8, ...this.parts]);
  }
}

/**
 * The archive `shortcuts sign` produces, field for field as in Apple's own signed file
 * (TYP, PAT, MOD, MTM; then DAT for the file): the root directory, then `Shortcut.wflow`.
 * `modifiedSeconds` is fixed by the caller so the same plist gives the same archive.
 */
export function writeShortcutArchive(plist: Uint8Array, modifiedSeconds: number): Uint8Array {
  const dir = new HeaderWriter().uint("TYP", 1, 0x44).string("PAT", "").uint("MOD", 2, 0o755).time("MTM", modifiedSeconds).finish();
  const file = new HeaderWriter()
    .uint("TYP", 1, 0x46)
    .string("PAT", "Shortcut.wflow")
    .uint("MOD", 2, 0o644)
    .time("MTM", modifiedSeconds)
    .blobSize("DAT", plist.length)
    .finish();
  const out = new Uint8Array(dir.length + file.length + plist.length);
  out.set(dir, 0);
  out.set(file, dir.length);
  out.set(plist, dir.length + file.length);
  return out;
}
