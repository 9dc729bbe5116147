// LZFSE / LZVN decompressor: the format Apple uses for the payload segments of signed
// `.shortcut` files (AEA compression 'e'). No npm package implements it, so this is a
// from-the-format-description decoder. A stream is a sequence of blocks, each starting
// with a 4-byte magic: "bvx2" (LZFSE, compressed frequency tables), "bvx1" (LZFSE,
// uncompressed tables), "bvxn" (LZVN), "bvx-" (raw bytes) and "bvx$" (end of stream).

const MAGIC_END = 0x24787662; // bvx$
const MAGIC_RAW = 0x2d787662; // bvx-
const MAGIC_V1 = 0x31787662; // bvx1
const MAGIC_V2 = 0x32787662; // bvx2
const MAGIC_LZVN = 0x6e787662; // bvxn

const L_SYMBOLS = 20;
const M_SYMBOLS = 20;
const D_SYMBOLS = 64;
const LITERAL_SYMBOLS = 256;
const L_STATES = 64;
const M_STATES = 64;
const D_STATES = 256;
const LITERAL_STATES = 1024;
const MAX_LITERALS_PER_BLOCK = 4 * 10000;
const MAX_MATCHES_PER_BLOCK = 10000;

const L_EXTRA_BITS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 5, 8];
const M_EXTRA_BITS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 5, 8, 11];
const D_EXTRA_BITS = Array.from({ length: D_SYMBOLS }, (_, i) => i >> 2); // 0,0,0,0,1,1,1,1,2,…,15

/** Each symbol's base value is the previous base plus the range its extra bits cover. */
function baseValues(extraBits: readonly number[], firstRun: number): number[] {
  const bases: number[] = [];
  for (let i = 0; i < extraBits.length; i++) {
    bases.push(i < firstRun ? i : bases[i - 1]! + 2 ** extraBits[i - 1]!);
  }
  return bases;
}
const L_BASE = baseValues(L_EXTRA_BITS, 16);
const M_BASE = baseValues(M_EXTRA_BITS, 16);
const D_BASE = baseValues(D_EXTRA_BITS, 4);

export class LzfseError extends Error {
  constructor(message: string) {
    super(`LZFSE: ${message}`);
    this.name = "LzfseError";
  }
}

/** Growable output buffer; matches copy byte by byte because source and destination may overlap. */
class Output {
  bytes: Uint8Array;
  length = 0;
  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(capacity, 64));
  }
  reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
  pushBytes(source: Uint8Array, start: number, count: number): void {
    this.reserve(count);
    this.bytes.set(source.subarray(start, start + count), this.length);
    this.length += count;
  }
  copyMatch(distance: number, count: number, floor: number): void {
    if (distance <= 0 || this.length - distance < floor) throw new LzfseError(`match distance ${distance} reaches before the block`);
    this.reserve(count);
    const b = this.bytes;
    let from = this.length - distance;
    for (let i = 0; i < count; i++) b[this.length++] = b[from++]!;
  }
}

/**
 * Reads an FSE bit stream backwards. The encoder writes bits upwards into a little-endian
 * byte buffer; the decoder starts at the end (minus the unused high bits of the last byte,
 * `-initialBits`, 0..7) and pulls bit fields downwards: each read takes the highest
 * remaining `count` bits.
 */
class BackwardBitReader {
  private position: number; // number of bits still unread, counted from bit 0 of `start`
  private readonly data: Uint8Array;
  private readonly start: number;
  constructor(data: Uint8Array, start: number, end: number, initialBits: number) {
    if (initialBits > 0 || initialBits < -7) throw new LzfseError(`bad bit count ${initialBits}`);
    this.data = data;
    this.start = start;
    this.position = (end - start) * 8 + initialBits;
    if (this.position < 0) throw new LzfseError("bit stream shorter than its header says");
  }
  read(count: number): number {
    if (count === 0) return 0;
    this.position -= count;
    if (this.position < 0) throw new LzfseError("bit stream exhausted");
    let value = 0;
    // Gather the bytes covering [position, position + count) and shift the field out.
    const firstByte = this.position >> 3;
    const lastByte = (this.position + count - 1) >> 3;
    for (let i = lastByte; i >= firstByte; i--) value = value * 256 + this.data[this.start + i]!;
    value = Math.floor(value / 2 ** (this.position & 7));
    return value % 2 ** count;
  }
}

interface LiteralEntry {
  bits: number;
  symbol: number;
  delta: number;
}
interface ValueEntry {
  stateBits: number;
  extraBits: number;
  delta: number;
  base: number;
}

const clz32 = Math.clz32;

/** Spreads each symbol's normalized frequency over consecutive states (LZFSE's table layout). */
function forEachState(nStates: number, freq: ArrayLike<number>, visit: (symbol: number, k: number, delta: number) => void): void {
  const nClz = clz32(nStates);
  let total = 0;
  for (let symbol = 0; symbol < freq.length; symbol++) {
    const f = freq[symbol]!;
    if (f === 0) continue;
    total += f;
    if (total > nStates) throw new LzfseError("frequency table sums past the number of states");
    const k = clz32(f) - nClz; // smallest k with nStates <= f << k < 2 * nStates
    const j0 = ((2 * nStates) >> k) - f;
    for (let j = 0; j < f; j++) {
      if (j < j0) visit(symbol, k, ((f + j) << k) - nStates);
      else visit(symbol, k - 1, (j - j0) << (k - 1));
    }
  }
}

function literalTable(freq: ArrayLike<number>): LiteralEntry[] {
  const table: LiteralEntry[] = [];
  forEachState(LITERAL_STATES, freq, (symbol, bits, delta) => table.push({ bits, symbol, delta }));
  return table;
}

function valueTable(nStates: number, freq: ArrayLike<number>, extra: readonly number[], base: readonly number[]): ValueEntry[] {
  const table: ValueEntry[] = [];
  forEachState(nStates, freq, (symbol, stateBits, delta) =>
    table.push({ stateBits, extraBits: extra[symbol]!, delta, base: base[symbol]! }),
  );
  return table;
}

function decodeValue(table: ValueEntry[], state: { s: number }, bits: BackwardBitReader): number {
  const entry = table[state.s];
  if (!entry) throw new LzfseError("FSE state out of range");
  // The state bits are the high part of one field, the value's extra bits the low part.
  const field = bits.read(entry.stateBits + entry.extraBits);
  const extraRange = 2 ** entry.extraBits;
  state.s = entry.delta + Math.floor(field / extraRange);
  return entry.base + (field % extraRange);
}

// Variable-length code of the frequency tables in a bvx2 header, indexed by the low 5 bits.
const FREQ_CODE_BITS = [2, 3, 2, 5, 2, 3, 2, 8, 2, 3, 2, 5, 2, 3, 2, 14, 2, 3, 2, 5, 2, 3, 2, 8, 2, 3, 2, 5, 2, 3, 2, 14];
const FREQ_CODE_VALUE = [0, 2, 1, 4, 0, 3, 1, -1, 0, 2, 1, 5, 0, 3, 1, -1, 0, 2, 1, 6, 0, 3, 1, -1, 0, 2, 1, 7, 0, 3, 1, -1];

interface LzfseBlockHeader {
  nRawBytes: number;
  nLiterals: number;
  nMatches: number;
  nLiteralPayloadBytes: number;
  nLmdPayloadBytes: number;
  literalBits: number;
  literalStates: [number, number, number, number];
  lmdBits: number;
  lState: number;
  mState: number;
  dState: number;
  freq: Uint16Array; // l(20) m(20) d(64) literal(256)
  headerSize: number;
}

const FREQ_COUNT = L_SYMBOLS + M_SYMBOLS + D_SYMBOLS + LITERAL_SYMBOLS;

function readV2Header(src: Uint8Array, view: DataView, at: number): LzfseBlockHeader {
  if (at + 32 > src.length) throw new LzfseError("truncated bvx2 header");
  const nRawBytes = view.getUint32(at + 4, true);
  const p0 = view.getBigUint64(at + 8, true);
  const p1 = view.getBigUint64(at + 16, true);
  const p2 = view.getBigUint64(at + 24, true);
  const field = (v: bigint, lsb: number, width: number) => Number((v >> BigInt(lsb)) & ((1n << BigInt(width)) - 1n));
  const headerSize = field(p2, 0, 32);
  const freq = new Uint16Array(FREQ_COUNT);
  if (headerSize < 32 || at + headerSize > src.length) throw new LzfseError("bad bvx2 header size");
  let pos = at + 32;
  const end = at + headerSize;
  if (pos < end) {
    let accum = 0;
    let accumBits = 0;
    for (let i = 0; i < FREQ_COUNT; i++) {
      while (pos < end && accumBits + 8 <= 32) {
        accum = (accum | (src[pos]! << accumBits)) >>> 0;
        accumBits += 8;
        pos++;
      }
      const code = accum & 31;
      const nbits = FREQ_CODE_BITS[code]!;
      let value: number;
      if (nbits === 8) value = 8 + ((accum >>> 4) & 0xf);
      else if (nbits === 14) value = 24 + ((accum >>> 4) & 0x3ff);
      else value = FREQ_CODE_VALUE[code]!;
      if (nbits > accumBits) throw new LzfseError("truncated frequency table");
      freq[i] = value;
      accum = accum >>> nbits;
      accumBits -= nbits;
    }
    if (accumBits >= 8 || pos !== end) throw new LzfseError("frequency table does not fill its header");
  }
  return {
    nRawBytes,
    nLiterals: field(p0, 0, 20),
    nLiteralPayloadBytes: field(p0, 20, 20),
    nMatches: field(p0, 40, 20),
    literalBits: field(p0, 60, 3) - 7,
    literalStates: [field(p1, 0, 10), field(p1, 10, 10), field(p1, 20, 10), field(p1, 30, 10)],
    nLmdPayloadBytes: field(p1, 40, 20),
    lmdBits: field(p1, 60, 3) - 7,
    headerSize,
    lState: field(p2, 32, 10),
    mState: field(p2, 42, 10),
    dState: field(p2, 52, 10),
    freq,
  };
}

function readV1Header(src: Uint8Array, view: DataView, at: number): LzfseBlockHeader {
  // Fields as laid out by the C struct: 7 u32, i32, 4 u16, i32, 3 u16, then the u16 tables.
  const headerSize = 50 + FREQ_COUNT * 2;
  if (at + headerSize > src.length) throw new LzfseError("truncated bvx1 header");
  const u32 = (o: number) => view.getUint32(at + o, true);
  const u16 = (o: number) => view.getUint16(at + o, true);
  const freq = new Uint16Array(FREQ_COUNT);
  for (let i = 0; i < FREQ_COUNT; i++) freq[i] = u16(50 + 2 * i);
  return {
    nRawBytes: u32(4),
    // u32 at 8 is n_payload_bytes, implied by the two payload sizes below
    nLiterals: u32(12),
    nMatches: u32(16),
    nLiteralPayloadBytes: u32(20),
    nLmdPayloadBytes: u32(24),
    literalBits: view.getInt32(at + 28, true),
    literalStates: [u16(32), u16(34), u16(36), u16(38)],
    lmdBits: view.getInt32(at + 40, true),
    lState: u16(44),
    mState: u16(46),
    dState: u16(48),
    freq,
    headerSize,
  };
}

function decodeLzfseBlock(src: Uint8Array, at: number, header: LzfseBlockHeader, out: Output): number {
  const h = header;
  if (h.nLiterals > MAX_LITERALS_PER_BLOCK || h.nMatches > MAX_MATCHES_PER_BLOCK) throw new LzfseError("block too large");
  if (h.literalStates.some((s) => s >= LITERAL_STATES) || h.lState >= L_STATES || h.mState >= M_STATES || h.dState >= D_STATES) {
    throw new LzfseError("initial FSE state out of range");
  }
  const lFreq = h.freq.subarray(0, L_SYMBOLS);
  const mFreq = h.freq.subarray(L_SYMBOLS, L_SYMBOLS + M_SYMBOLS);
  const dFreq = h.freq.subarray(L_SYMBOLS + M_SYMBOLS, L_SYMBOLS + M_SYMBOLS + D_SYMBOLS);
  const litFreq = h.freq.subarray(L_SYMBOLS + M_SYMBOLS + D_SYMBOLS);

  const literalStart = at + h.headerSize;
  const lmdStart = literalStart + h.nLiteralPayloadBytes;
  const blockEnd = lmdStart + h.nLmdPayloadBytes;
  if (blockEnd > src.length) throw new LzfseError("block payload truncated");

  // Literals: four interleaved FSE streams sharing one table, decoded in groups of four.
  const litTable = literalTable(litFreq);
  const literals = new Uint8Array(h.nLiterals + 4);
  const litBits = new BackwardBitReader(src, literalStart, lmdStart, h.literalBits);
  const states = [...h.literalStates];
  for (let i = 0; i < h.nLiterals; i += 4) {
    for (let j = 0; j < 4; j++) {
      const entry = litTable[states[j]!];
      if (!entry) throw new LzfseError("literal state out of range");
      literals[i + j] = entry.symbol;
      states[j] = entry.delta + litBits.read(entry.bits);
    }
  }

  // L, M, D triplets: copy L literals, then M bytes from D back (D = 0 repeats the last D).
  const lTable = valueTable(L_STATES, lFreq, L_EXTRA_BITS, L_BASE);
  const mTable = valueTable(M_STATES, mFreq, M_EXTRA_BITS, M_BASE);
  const dTable = valueTable(D_STATES, dFreq, D_EXTRA_BITS, D_BASE);
  const lmdBits = new BackwardBitReader(src, lmdStart, blockEnd, h.lmdBits);
  const l = { s: h.lState };
  const m = { s: h.mState };
  const d = { s: h.dState };
  const blockOutStart = out.length;
  let literalPos = 0;
  let distance = -1;
  for (let n = 0; n < h.nMatches; n++) {
    const litLen = decodeValue(lTable, l, lmdBits);
    const matchLen = decodeValue(mTable, m, lmdBits);
    const newDistance = decodeValue(dTable, d, lmdBits);
    if (newDistance !== 0) distance = newDistance;
    if (literalPos + litLen > h.nLiterals) throw new LzfseError("literal run past the literals");
    out.pushBytes(literals, literalPos, litLen);
    literalPos += litLen;
    if (matchLen > 0) out.copyMatch(distance, matchLen, 0);
  }
  if (out.length - blockOutStart !== h.nRawBytes) {
    throw new LzfseError(`block decoded to ${out.length - blockOutStart} bytes, header says ${h.nRawBytes}`);
  }
  return blockEnd;
}

/** LZVN: byte-oriented opcodes that each carry a literal length, a match length and a distance. */
function decodeLzvn(src: Uint8Array, start: number, end: number, nRawBytes: number, out: Output): void {
  const target = out.length + nRawBytes;
  let pos = start;
  let distance = 0;
  const byte = (i: number) => {
    if (i >= end) throw new LzfseError("LZVN payload truncated");
    return src[i]!;
  };
  const literalThenMatch = (opLength: number, litLen: number, matchLen: number) => {
    pos += opLength;
    if (pos + litLen > end) throw new LzfseError("LZVN literal truncated");
    out.pushBytes(src, pos, litLen);
    pos += litLen;
    out.copyMatch(distance, matchLen, 0);
  };
  for (;;) {
    const op = byte(pos);
    const high = op >> 4;
    if (op === 0x06) break; // end of stream (followed by 7 padding bytes)
    if (op === 0x0e || op === 0x16) {
      pos++; // no-op
    } else if (high === 0xe) {
      // literal only: 1110LLLL, or 0xE0 followed by length - 16
      const litLen = op === 0xe0 ? byte(pos + 1) + 16 : op & 0x0f;
      const opLength = op === 0xe0 ? 2 : 1;
      if (pos + opLength + litLen > end) throw new LzfseError("LZVN literal truncated");
      out.pushBytes(src, pos + opLength, litLen);
      pos += opLength + litLen;
    } else if (high === 0xf) {
      // match only, previous distance: 1111MMMM, or 0xF0 followed by length - 16
      const matchLen = op === 0xf0 ? byte(pos + 1) + 16 : op & 0x0f;
      pos += op === 0xf0 ? 2 : 1;
      out.copyMatch(distance, matchLen, 0);
    } else if (high === 0xa || high === 0xb) {
      // medium distance: 101LLMMM DDDDDDMM DDDDDDDD
      const next = byte(pos + 1) | (byte(pos + 2) << 8);
      const litLen = (op >> 3) & 3;
      const matchLen = (((op & 7) << 2) | (next & 3)) + 3;
      distance = next >> 2;
      literalThenMatch(3, litLen, matchLen);
    } else if (high === 0x7 || high === 0xd || (op & 7) === 6 && (op >> 6) === 0) {
      throw new LzfseError(`undefined LZVN opcode 0x${op.toString(16)}`);
    } else {
      const litLen = op >> 6;
      const matchLen = ((op >> 3) & 7) + 3;
      const low = op & 7;
      if (low === 7) {
        distance = byte(pos + 1) | (byte(pos + 2) << 8); // large distance
        literalThenMatch(3, litLen, matchLen);
      } else if (low === 6) {
        literalThenMatch(1, litLen, matchLen); // previous distance
      } else {
        distance = (low << 8) | byte(pos + 1); // small distance
        literalThenMatch(2, litLen, matchLen);
      }
    }
    if (out.length > target) throw new LzfseError("LZVN block overruns its size");
  }
  if (out.length !== target) throw new LzfseError(`LZVN block decoded to the wrong size`);
}

/** Decompresses a complete LZFSE stream (one or more blocks terminated by bvx$). */
export function lzfseDecode(input: Uint8Array, sizeHint = input.length * 4): Uint8Array {
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const out = new Output(sizeHint);
  let at = 0;
  for (;;) {
    if (at + 4 > input.length) throw new LzfseError("stream ends without bvx$");
    const magic = view.getUint32(at, true);
    if (magic === MAGIC_END) break;
    if (magic === MAGIC_RAW) {
      if (at + 8 > input.length) throw new LzfseError("truncated bvx- header");
      const n = view.getUint32(at + 4, true);
      if (at + 8 + n > input.length) throw new LzfseError("bvx- block truncated");
      out.pushBytes(input, at + 8, n);
      at += 8 + n;
    } else if (magic === MAGIC_LZVN) {
      if (at + 12 > input.length) throw new LzfseError("truncated bvxn header");
      const nRaw = view.getUint32(at + 4, true);
      const nPayload = view.getUint32(at + 8, true);
      if (at + 12 + nPayload > input.length) throw new LzfseError("bvxn block truncated");
      decodeLzvn(input, at + 12, at + 12 + nPayload, nRaw, out);
      at += 12 + nPayload;
    } else if (magic === MAGIC_V2) {
      at = decodeLzfseBlock(input, at, readV2Header(input, view, at), out);
    } else if (magic === MAGIC_V1) {
      at = decodeLzfseBlock(input, at, readV1Header(input, view, at), out);
    } else {
      throw new LzfseError(`unknown block magic 0x${magic.toString(16)} at offset ${at}`);
    }
  }
  return out.bytes.slice(0, out.length);
}
