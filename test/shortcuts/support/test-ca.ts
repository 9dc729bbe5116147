// Throwaway certificate authorities for tests: Node can verify X.509 but not issue it, so this
// writes the few DER structures a certificate needs. Nothing here is Apple's; the verifier
// only trusts these CAs when a test passes them explicitly as extra anchors.
import { generateKeyPairSync, sign, X509Certificate, type KeyObject } from "node:crypto";

const tlv = (tag: number, content: Uint8Array): Buffer => {
  const n = content.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), content]);
};
const seq = (...items: Uint8Array[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Uint8Array[]) => tlv(0x31, Buffer.concat(items));
const int = (n: number) => {
  // Minimal two's-complement encoding, as DER requires.
  const bytes: number[] = [];
  do {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  } while (n > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
};
const oid = (dotted: string) => {
  const [a, b, ...rest] = dotted.split(".").map(Number);
  const bytes = [a! * 40 + b!];
  for (const part of rest) {
    const chunk: number[] = [];
    let v = part;
    do {
      chunk.unshift((v & 0x7f) | (chunk.length ? 0x80 : 0));
      v >>= 7;
    } while (v > 0);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
};
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, "utf8"));
const time = (d: Date) => tlv(0x17, Buffer.from(d.toISOString().replace(/[-:T]/g, "").slice(2, 14) + "Z"));
const name = (cn: string) => seq(set(seq(oid("2.5.4.3"), utf8(cn))));
const explicit = (n: number, content: Uint8Array) => tlv(0xa0 + n, content);

export interface TestCertificate {
  der: Buffer;
  certificate: X509Certificate;
  privateKey: KeyObject;
  publicKey: KeyObject;
  subject: string;
}

export interface IssueOptions {
  subject: string;
  ca: boolean;
  keyType: "ec" | "rsa";
  issuer?: TestCertificate; // self-signed when absent
  notBefore?: Date;
  notAfter?: Date;
  serial?: number;
}

let serialCounter = 1;

export function issueCertificate(options: IssueOptions): TestCertificate {
  const keys =
    options.keyType === "ec"
      ? generateKeyPairSync("ec", { namedCurve: "prime256v1" })
      : generateKeyPairSync("rsa", { modulusLength: 2048 });
  const signer = options.issuer ?? { privateKey: keys.privateKey, subject: options.subject };
  const signerIsEc = signer.privateKey.asymmetricKeyType === "ec";
  const algorithm = signerIsEc ? seq(oid("1.2.840.10045.4.3.2")) : seq(oid("1.2.840.113549.1.1.11"), Buffer.from([5, 0]));
  const basicConstraints = seq(oid("2.5.29.19"), tlv(0x01, Buffer.from([0xff])), tlv(0x04, seq(...(options.ca ? [tlv(0x01, Buffer.from([0xff]))] : []))));
  const keyUsage = seq(oid("2.5.29.15"), tlv(0x01, Buffer.from([0xff])), tlv(0x04, tlv(0x03, Buffer.from(options.ca ? [1, 0x06] : [7, 0x80]))));
  const tbs = seq(
    explicit(0, int(2)),
    int(options.serial ?? serialCounter++),
    algorithm,
    name(signer.subject),
    seq(time(options.notBefore ?? new Date(Date.now() - 86_400_000)), time(options.notAfter ?? new Date(Date.now() + 365 * 86_400_000))),
    name(options.subject),
    keys.publicKey.export({ type: "spki", format: "der" }),
    explicit(3, seq(basicConstraints, keyUsage)),
  );
  const signature = sign("sha256", tbs, signer.privateKey);
  const der = seq(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return { der, certificate: new X509Certificate(der), privateKey: keys.privateKey, publicKey: keys.publicKey, subject: options.subject };
}
