// Certificate-chain checks for signed shortcuts. Apple's leaf certificates live about 13
// months, so a release file outlives its leaf: signatures along the chain are always
// checked, validity dates only produce warnings unless the caller asks for strictness.
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface TrustAnchor {
  /** Why this anchor is trusted, shown in reports. */
  label: string;
  certificate: X509Certificate;
}

export interface ChainCertificateReport {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  fingerprint256: string;
  expired: boolean;
  notYetValid: boolean;
}

export interface ChainReport {
  ok: boolean;
  anchor?: string;
  certificates: ChainCertificateReport[];
  errors: string[];
  warnings: string[];
}

const TRUST_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "trust");

/** Apple Root CA - G3: anchors "anyone" (iCloud-signed) shortcuts. */
export function appleRootCaG3(): TrustAnchor {
  return { label: "Apple Root CA - G3", certificate: new X509Certificate(readFileSync(join(TRUST_DIR, "AppleRootCA-G3.cer"))) };
}

/** Apple Root CA (2006): anchors "people who know me" (contact-signed) shortcuts. */
export function appleRootCa(): TrustAnchor {
  return { label: "Apple Root CA", certificate: new X509Certificate(readFileSync(join(TRUST_DIR, "AppleRootCA.pem"))) };
}

function firstLine(name: string): string {
  // X509Certificate prints names one attribute a line; CN is the readable part.
  const lines = name.split("\n");
  return lines.find((l) => l.startsWith("CN="))?.slice(3) ?? lines.join(", ");
}

function describe(cert: X509Certificate, now: Date): ChainCertificateReport {
  const validFrom = new Date(cert.validFrom);
  const validTo = new Date(cert.validTo);
  return {
    subject: firstLine(cert.subject),
    issuer: firstLine(cert.issuer),
    validFrom: validFrom.toISOString(),
    validTo: validTo.toISOString(),
    fingerprint256: cert.fingerprint256,
    expired: now > validTo,
    notYetValid: now < validFrom,
  };
}

/**
 * Verifies that `chainDer` (leaf first) is a chain of signatures ending at one of `anchors`,
 * either because its last certificate is an anchor or because an anchor issued it.
 */
export function verifyChain(chainDer: Uint8Array[], anchors: TrustAnchor[], now = new Date()): ChainReport {
  const errors: string[] = [];
  const warnings: string[] = [];
  let certs: X509Certificate[];
  try {
    certs = chainDer.map((der) => new X509Certificate(der));
  } catch (error) {
    return { ok: false, certificates: [], errors: [`a certificate does not parse: ${(error as Error).message}`], warnings };
  }
  if (certs.length === 0) return { ok: false, certificates: [], errors: ["the certificate chain is empty"], warnings };
  for (let i = 0; i + 1 < certs.length; i++) {
    const child = certs[i]!;
    const parent = certs[i + 1]!;
    if (!parent.ca) errors.push(`"${firstLine(parent.subject)}" is not a CA certificate but issues "${firstLine(child.subject)}"`);
    if (!child.checkIssued(parent) || !child.verify(parent.publicKey)) {
      errors.push(`"${firstLine(child.subject)}" is not signed by "${firstLine(parent.subject)}"`);
    }
  }
  const top = certs[certs.length - 1]!;
  let anchor = anchors.find((a) => a.certificate.fingerprint256 === top.fingerprint256);
  const reports = certs.map((c) => describe(c, now));
  if (!anchor) {
    anchor = anchors.find((a) => top.checkIssued(a.certificate) && top.verify(a.certificate.publicKey));
    if (anchor) reports.push(describe(anchor.certificate, now));
  }
  if (!anchor) errors.push(`the chain ends at "${firstLine(top.subject)}", which is not a trusted root (${anchors.map((a) => a.label).join(", ")})`);
  for (const r of reports) {
    if (r.expired) warnings.push(`certificate "${r.subject}" expired on ${r.validTo}`);
    if (r.notYetValid) warnings.push(`certificate "${r.subject}" is not valid before ${r.validFrom}`);
  }
  return { ok: errors.length === 0, anchor: anchor?.label, certificates: reports, errors, warnings };
}
