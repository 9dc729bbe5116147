// Apple Encrypted Archive, profile 0 (hkdf_sha256_hmac__none__ecdsa_p256): signed, not
// encrypted. This is the container of every signed `.shortcut`. Layout and key schedule as
// documented in docs/shortcuts.md ("File format"); everything is little-endian.
import { createHmac, hkdfSync, randomBytes, sign as signData, verify as verifyData, type KeyObject, createHash } from "node:crypto";
import { lzfseDecode } from "./lzfse.ts";

export const AEA_MAGIC = "AEA1";
const SIGNATURE_FIELD = 128;
const PROLOGUE_FIXED = SIGNATURE_FIELD + 32 + 32 + 32 + 48 + 32; // 0x130 after the auth data
const ROOT_HEADER_SIZE = 48;
const DEFAULT_SEGMENT_SIZE = 0x100000;
const DEFAULT_SEGMENTS_PER_CLUSTER = 256;

export class AeaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AeaError";
  }
}

export interface RootHeader {
  rawSize: number;
  containerSize: number;
  segmentSize: number;
  segmentsPerCluster: number;
  compression: string; // '-' none, 'e' LZFSE, …
  checksum: number; // 0 none, 2 SHA-256
}

export interface Segment {
  rawSize: number;
  storedSize: number;
  checksum: Uint8Array;
  mac: Uint8Array;
  dataOffset: number;
}

export interface Cluster {
  offset: number;
  headerMac: Uint8Array;
  headerBytes: Uint8Array; // all segmentsPerCluster segment headers
  nextClusterMac: Uint8Array;
  segmentMacsBytes: Uint8Array; // all segmentsPerCluster segment MACs
  segments: Segment[];
}

export interface AeaContainer {
  bytes: Uint8Array;
  profile: number;
  scryptStrength: number;
  authData: Uint8Array;
  authDataOffset: number;
  signatureOffset: number;
  signature: Uint8Array; // DER, padding removed
  randomKey: Uint8Array;
  mainSalt: Uint8Array;
  rootHeaderMac: Uint8Array;
  rootHeaderBytes: Uint8Array;
  rootHeader: RootHeader;
  prologueEnd: number;
  clusters: Cluster[];
}

/** Parses the container structure; checks sizes, not cryptography. */
export function parseAea(input: Uint8Array): AeaContainer {
  // A plain view: Buffer's subarray/slice semantics differ from Uint8Array's.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (end: number, what: string) => {
    if (end > bytes.length) throw new AeaError(`file truncated in ${what} (needs ${end} bytes, has ${bytes.length})`);
  };
  need(12, "header");
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== AEA_MAGIC) throw new AeaError("not an AEA1 file (no AEA1 magic)");
  const profile = bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16);
  const scryptStrength = bytes[7]!;
  if (profile !== 0) throw new AeaError(`AEA profile ${profile} is not supported (signed shortcuts use profile 0)`);
  const authSize = view.getUint32(8, true);
  const authDataOffset = 12;
  const signatureOffset = authDataOffset + authSize;
  const prologueEnd = signatureOffset + PROLOGUE_FIXED;
  need(prologueEnd, "prologue");
  const field = (offset: number, size: number) => bytes.subarray(offset, offset + size);
  const rawSignature = field(signatureOffset, SIGNATURE_FIELD);
  const signature = rawSignature.subarray(0, derLength(rawSignature));
  let at = signatureOffset + SIGNATURE_FIELD;
  const randomKey = field(at, 32);
  const mainSalt = field(at + 32, 32);
  const rootHeaderMac = field(at + 64, 32);
  const rootHeaderBytes = field(at + 96, ROOT_HEADER_SIZE);
  const firstClusterMac = field(at + 144, 32);
  const rh = new DataView(rootHeaderBytes.buffer, rootHeaderBytes.byteOffset, ROOT_HEADER_SIZE);
  const rootHeader: RootHeader = {
    rawSize: Number(rh.getBigUint64(0, true)),
    containerSize: Number(rh.getBigUint64(8, true)),
    segmentSize: rh.getUint32(16, true),
    segmentsPerCluster: rh.getUint32(20, true),
    compression: String.fromCharCode(rootHeaderBytes[24]!),
    checksum: rootHeaderBytes[25]!,
  };
  if (rootHeader.checksum !== 0 && rootHeader.checksum !== 2) throw new AeaError(`unsupported segment checksum type ${rootHeader.checksum}`);
  if (rootHeader.segmentSize === 0 || rootHeader.segmentsPerCluster === 0 || rootHeader.segmentsPerCluster > 0x10000) {
    throw new AeaError("root header has a zero or absurd segment layout");
  }
  if (rootHeader.containerSize !== bytes.length) {
    throw new AeaError(`root header says the file is ${rootHeader.containerSize} bytes, it is ${bytes.length}`);
  }
  const checksumSize = rootHeader.checksum === 2 ? 32 : 0;
  const segmentHeaderSize = 8 + checksumSize;
  const clusters: Cluster[] = [];
  let remaining = rootHeader.rawSize;
  let headerMac = firstClusterMac;
  at = prologueEnd;
  while (remaining > 0) {
    const clusterOffset = at;
    const headersSize = rootHeader.segmentsPerCluster * segmentHeaderSize;
    const macsSize = rootHeader.segmentsPerCluster * 32;
    need(at + headersSize + 32 + macsSize, "cluster header");
    const headerBytes = field(at, headersSize);
    const nextClusterMac = field(at + headersSize, 32);
    const segmentMacsBytes = field(at + headersSize + 32, macsSize);
    at += headersSize + 32 + macsSize;
    const segments: Segment[] = [];
    for (let i = 0; i < rootHeader.segmentsPerCluster && remaining > 0; i++) {
      const h = clusterOffset + i * segmentHeaderSize;
      const rawSize = view.getUint32(h, true);
      const storedSize = view.getUint32(h + 4, true);
      if (rawSize === 0 || rawSize > rootHeader.segmentSize || rawSize > remaining) throw new AeaError(`segment ${i} has a bad raw size ${rawSize}`);
      need(at + storedSize, `segment ${i} data`);
      segments.push({
        rawSize,
        storedSize,
        checksum: field(h + 8, checksumSize),
        mac: field(clusterOffset + headersSize + 32 + i * 32, 32),
        dataOffset: at,
      });
      at += storedSize;
      remaining -= rawSize;
    }
    clusters.push({ offset: clusterOffset, headerMac, headerBytes, nextClusterMac, segmentMacsBytes, segments });
    headerMac = nextClusterMac;
  }
  if (at !== bytes.length) throw new AeaError(`${bytes.length - at} unexpected bytes after the last segment`);
  return {
    bytes,
    profile,
    scryptStrength,
    authData: field(authDataOffset, authSize),
    authDataOffset,
    signatureOffset,
    signature,
    randomKey,
    mainSalt,
    rootHeaderMac,
    rootHeaderBytes,
    rootHeader,
    prologueEnd,
    clusters,
  };
}

/** Length of a DER SEQUENCE (the ECDSA signature) inside its zero-padded 128-byte field. */
function derLength(field: Uint8Array): number {
  if (field[0] !== 0x30) throw new AeaError("signature field does not hold a DER signature");
  const first = field[1]!;
  if (first < 0x80) return 2 + first;
  if (first === 0x81) return 3 + field[2]!;
  throw new AeaError("signature DER length is malformed");
}

const u32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const u64le = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};
const hkdf = (ikm: Uint8Array, salt: Uint8Array, info: Uint8Array | string) =>
  new Uint8Array(hkdfSync("sha256", ikm, salt, typeof info === "string" ? Buffer.from(info) : info, 32));
const mac = (key: Uint8Array, data: Uint8Array, salt: Uint8Array) =>
  new Uint8Array(createHmac("sha256", key).update(salt).update(data).update(u64le(salt.length)).digest());
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

/** The uncompressed 65-byte form (0x04 ‖ X ‖ Y) of a P-256 public key. */
export function rawP256PublicKey(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: "jwk" });
  if (jwk.kty !== "EC" || jwk.crv !== "P-256" || !jwk.x || !jwk.y) throw new AeaError("the signing key is not a P-256 key");
  return Uint8Array.from([4, ...Buffer.from(jwk.x, "base64url"), ...Buffer.from(jwk.y, "base64url")]);
}

interface KeySchedule {
  rootHeaderKey: Uint8Array;
  clusterKey(index: number): { headerKey: Uint8Array; segmentKey(i: number): Uint8Array };
}

function keySchedule(bytes: Uint8Array, randomKey: Uint8Array, mainSalt: Uint8Array, signingKeyRaw: Uint8Array): KeySchedule {
  const info = Buffer.concat([Buffer.from("AEA_AMK"), bytes.subarray(4, 8), signingKeyRaw]);
  const main = hkdf(randomKey, mainSalt, info);
  const empty = new Uint8Array(0);
  return {
    rootHeaderKey: hkdf(main, empty, "AEA_RHEK"),
    clusterKey(index) {
      const ck = hkdf(main, empty, Buffer.concat([Buffer.from("AEA_CK"), u32le(index)]));
      return {
        headerKey: hkdf(ck, empty, "AEA_CHEK"),
        segmentKey: (i) => hkdf(ck, empty, Buffer.concat([Buffer.from("AEA_SK"), u32le(i)])),
      };
    },
  };
}

export interface AeaCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

/** Checks the ECDSA signature and every MAC and checksum with the given signing key. */
export function verifyAeaIntegrity(container: AeaContainer, signingKey: KeyObject): AeaCheck[] {
  const checks: AeaCheck[] = [];
  const { bytes } = container;
  const prologue = Buffer.from(bytes.subarray(0, container.prologueEnd));
  prologue.fill(0, container.signatureOffset, container.signatureOffset + SIGNATURE_FIELD);
  let signatureOk = false;
  try {
    signatureOk = verifyData("sha256", prologue, { key: signingKey, dsaEncoding: "der" }, container.signature);
  } catch (error) {
    checks.push({ name: "signature", ok: false, detail: `ECDSA P-256 signature unreadable: ${(error as Error).message}` });
  }
  if (checks.length === 0) checks.push({ name: "signature", ok: signatureOk, detail: "ECDSA P-256 / SHA-256 over the prologue" });
  // Padding after the DER signature must be zeros, or bytes could be changed unnoticed.
  const padding = bytes.subarray(container.signatureOffset + container.signature.length, container.signatureOffset + SIGNATURE_FIELD);
  checks.push({ name: "signature padding", ok: padding.every((b) => b === 0) });

  const keys = keySchedule(bytes, container.randomKey, container.mainSalt, rawP256PublicKey(signingKey));
  const firstClusterMac = container.clusters[0]?.headerMac ?? bytes.subarray(container.prologueEnd - 32, container.prologueEnd);
  checks.push({
    name: "root header MAC",
    ok: sameBytes(mac(keys.rootHeaderKey, container.rootHeaderBytes, Buffer.concat([firstClusterMac, container.authData])), container.rootHeaderMac),
  });
  const reservedZero = container.rootHeaderBytes.subarray(26).every((b) => b === 0);
  checks.push({ name: "root header reserved bytes", ok: reservedZero });
  container.clusters.forEach((cluster, c) => {
    const ck = keys.clusterKey(c);
    const salt = Buffer.concat([cluster.nextClusterMac, cluster.segmentMacsBytes]);
    checks.push({ name: `cluster ${c} header MAC`, ok: sameBytes(mac(ck.headerKey, cluster.headerBytes, salt), cluster.headerMac) });
    cluster.segments.forEach((segment, i) => {
      const stored = bytes.subarray(segment.dataOffset, segment.dataOffset + segment.storedSize);
      checks.push({ name: `cluster ${c} segment ${i} MAC`, ok: sameBytes(mac(ck.segmentKey(i), stored, new Uint8Array(0)), segment.mac) });
    });
  });
  return checks;
}

/** Decompresses and concatenates the segments, checking each against its SHA-256. */
export function extractAeaPayload(container: AeaContainer): Uint8Array {
  const parts: Uint8Array[] = [];
  container.clusters.forEach((cluster, c) =>
    cluster.segments.forEach((segment, i) => {
      const stored = container.bytes.subarray(segment.dataOffset, segment.dataOffset + segment.storedSize);
      let raw: Uint8Array;
      if (segment.storedSize === segment.rawSize) raw = stored; // stored as is (compression did not help)
      else if (container.rootHeader.compression === "e") raw = lzfseDecode(stored, segment.rawSize);
      else throw new AeaError(`segment ${c}/${i} is compressed with '${container.rootHeader.compression}', which is not supported`);
      if (raw.length !== segment.rawSize) throw new AeaError(`segment ${c}/${i} decompressed to ${raw.length} bytes, expected ${segment.rawSize}`);
      if (container.rootHeader.checksum === 2 && !sameBytes(createHash("sha256").update(raw).digest(), segment.checksum)) {
        throw new AeaError(`segment ${c}/${i} does not match its SHA-256`);
      }
      parts.push(raw);
    }),
  );
  const payload = Buffer.concat(parts);
  if (payload.length !== container.rootHeader.rawSize) throw new AeaError("payload size differs from the root header");
  return new Uint8Array(payload);
}

/**
 * Writes a profile-0 AEA around `payload`, signed with `signingKey` (P-256 private key).
 * Segments are stored uncompressed (stored size = raw size), which every AEA reader accepts
 * as "compression did not help"; the header still announces LZFSE like Apple's files.
 */
export function writeAea(payload: Uint8Array, authData: Uint8Array, signingKey: KeyObject, signingPublicKey: KeyObject): Uint8Array {
  const segmentSize = DEFAULT_SEGMENT_SIZE;
  const perCluster = DEFAULT_SEGMENTS_PER_CLUSTER;
  const segmentCount = Math.ceil(payload.length / segmentSize);
  if (segmentCount === 0) throw new AeaError("nothing to sign");
  const clusterCount = Math.ceil(segmentCount / perCluster);
  const clusterOverhead = perCluster * 40 + 32 + perCluster * 32;
  const total = 12 + authData.length + PROLOGUE_FIXED + clusterCount * clusterOverhead + payload.length;
  const out = Buffer.alloc(total);
  out.write(AEA_MAGIC, 0, "latin1");
  out.writeUInt32LE(0, 4); // profile 0, scrypt strength 0
  out.writeUInt32LE(authData.length, 8);
  out.set(authData, 12);
  const signatureOffset = 12 + authData.length;
  const randomKey = randomBytes(32);
  const mainSalt = randomBytes(32);
  out.set(randomKey, signatureOffset + SIGNATURE_FIELD);
  out.set(mainSalt, signatureOffset + SIGNATURE_FIELD + 32);
  const rootHeaderOffset = signatureOffset + SIGNATURE_FIELD + 96;
  out.writeBigUInt64LE(BigInt(payload.length), rootHeaderOffset);
  out.writeBigUInt64LE(BigInt(total), rootHeaderOffset + 8);
  out.writeUInt32LE(segmentSize, rootHeaderOffset + 16);
  out.writeUInt32LE(perCluster, rootHeaderOffset + 20);
  out[rootHeaderOffset + 24] = "e".charCodeAt(0);
  out[rootHeaderOffset + 25] = 2; // SHA-256 segment checksums
  const keys = keySchedule(out, randomKey, mainSalt, rawP256PublicKey(signingPublicKey));

  // Clusters are written back to front: a cluster's header MAC is stored in the previous one.
  const clusterOffsets: number[] = [];
  let at = signatureOffset + PROLOGUE_FIXED;
  for (let c = 0; c < clusterCount; c++) {
    clusterOffsets.push(at);
    const segmentsHere = Math.min(perCluster, segmentCount - c * perCluster);
    const firstByte = c * perCluster * segmentSize;
    const clusterBytes = Math.min(payload.length - firstByte, segmentsHere * segmentSize);
    at += clusterOverhead + clusterBytes;
  }
  let nextClusterMac: Uint8Array = randomBytes(32); // the last cluster's "next" MAC points nowhere
  for (let c = clusterCount - 1; c >= 0; c--) {
    const base = clusterOffsets[c]!;
    const ck = keys.clusterKey(c);
    const macsOffset = base + perCluster * 40 + 32;
    let dataAt = base + clusterOverhead;
    randomBytes(perCluster * 32).copy(out, macsOffset); // unused MAC slots are random, as in Apple's files
    for (let i = 0; i < perCluster; i++) {
      const index = c * perCluster + i;
      if (index >= segmentCount) break;
      const raw = payload.subarray(index * segmentSize, Math.min(payload.length, (index + 1) * segmentSize));
      const h = base + i * 40;
      out.writeUInt32LE(raw.length, h);
      out.writeUInt32LE(raw.length, h + 4);
      out.set(createHash("sha256").update(raw).digest(), h + 8);
      out.set(raw, dataAt);
      out.set(mac(ck.segmentKey(i), raw, new Uint8Array(0)), macsOffset + i * 32);
      dataAt += raw.length;
    }
    out.set(nextClusterMac, base + perCluster * 40);
    const salt = Buffer.concat([nextClusterMac, out.subarray(macsOffset, macsOffset + perCluster * 32)]);
    nextClusterMac = mac(ck.headerKey, out.subarray(base, base + perCluster * 40), salt);
  }
  const firstClusterMac = nextClusterMac;
  out.set(firstClusterMac, rootHeaderOffset + ROOT_HEADER_SIZE);
  const rootHeader = out.subarray(rootHeaderOffset, rootHeaderOffset + ROOT_HEADER_SIZE);
  out.set(mac(keys.rootHeaderKey, rootHeader, Buffer.concat([firstClusterMac, authData])), rootHeaderOffset - 32);

  // Sign the prologue with the signature field still zero, then fill it in.
  const prologue = out.subarray(0, signatureOffset + PROLOGUE_FIXED);
  const signature = signData("sha256", prologue, { key: signingKey, dsaEncoding: "der" });
  if (signature.length > SIGNATURE_FIELD) throw new AeaError("signature longer than its field");
  out.set(signature, signatureOffset);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}
