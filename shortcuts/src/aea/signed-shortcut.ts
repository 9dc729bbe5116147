// Verifies a signed `.shortcut` the way iOS does (as far as public knowledge goes): the AEA
// container's signature and MACs, the certificate chain of the auth data up to Apple's root,
// and, for contact-signed files, the Apple ID certificate's signature over the signing key.
import { constants, createPublicKey, verify as verifyData, type KeyObject, X509Certificate } from "node:crypto";
import { parseBinary } from "plist";
import { extractAeaPayload, parseAea, verifyAeaIntegrity, type AeaCheck, type AeaContainer } from "./container.ts";
import { findArchiveFile, readAppleArchive } from "./apple-archive.ts";
import { appleRootCa, appleRootCaG3, verifyChain, type ChainReport, type TrustAnchor } from "./certificates.ts";

export type SigningMode = "anyone" | "people-who-know-me";

export interface VerifyOptions {
  /** Extra roots to trust besides Apple's (tests use a throwaway CA). Never implicit. */
  extraTrustAnchors?: TrustAnchor[];
  /** Treat an expired or not-yet-valid certificate as a failure. */
  strict?: boolean;
  now?: Date;
}

export interface VerifyReport {
  ok: boolean;
  mode?: SigningMode;
  authKeys: string[];
  chain?: ChainReport;
  checks: AeaCheck[];
  errors: string[];
  warnings: string[];
  container?: AeaContainer;
  /** `Shortcut.wflow` from the payload, when the file is intact enough to extract it. */
  shortcutPlist?: Uint8Array;
}

/** Reads a binary plist (data values come back as bytes). */
export function readBinaryPlist(bytes: Uint8Array): unknown {
  return parseBinary(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

type PlistDict = Record<string, unknown>;

export function toBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (value instanceof Uint8Array) return value;
  return undefined;
}

/** P-256 public key from its 65-byte uncompressed form. */
function p256FromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 65 || raw[0] !== 4) throw new Error("SigningPublicKey is not a 65-byte uncompressed P-256 key");
  return createPublicKey({
    key: { kty: "EC", crv: "P-256", x: Buffer.from(raw.subarray(1, 33)).toString("base64url"), y: Buffer.from(raw.subarray(33)).toString("base64url") },
    format: "jwk",
  });
}

function chainFrom(value: unknown): Uint8Array[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const der = value.map(toBytes);
  return der.every((d): d is Uint8Array => d !== undefined) ? der : undefined;
}

export function verifySignedShortcut(bytes: Uint8Array, options: VerifyOptions = {}): VerifyReport {
  const report: VerifyReport = { ok: false, authKeys: [], checks: [], errors: [], warnings: [] };
  let container: AeaContainer;
  try {
    container = parseAea(bytes);
  } catch (error) {
    report.errors.push((error as Error).message);
    return report;
  }
  report.container = container;
  const extra = options.extraTrustAnchors ?? [];

  let auth: PlistDict;
  try {
    const parsed = readBinaryPlist(container.authData);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not a dictionary");
    auth = parsed as PlistDict;
  } catch (error) {
    report.errors.push(`auth data is not a binary plist dictionary: ${(error as Error).message}`);
    return report;
  }
  report.authKeys = Object.keys(auth);

  let signingKey: KeyObject | undefined;
  const iCloudChain = chainFrom(auth.SigningCertificateChain);
  const appleIdChain = chainFrom(auth.AppleIDCertificateChain);
  try {
    if (iCloudChain) {
      report.mode = "anyone";
      report.chain = verifyChain(iCloudChain, [appleRootCaG3(), ...extra], options.now);
      const leafKey = new X509Certificate(iCloudChain[0]!).publicKey;
      if (leafKey.asymmetricKeyType !== "ec" || leafKey.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
        report.errors.push("the signing certificate's key is not P-256");
      } else {
        signingKey = leafKey;
      }
    } else if (appleIdChain) {
      report.mode = "people-who-know-me";
      report.chain = verifyChain(appleIdChain, [appleRootCa(), ...extra], options.now);
      const rawKey = toBytes(auth.SigningPublicKey);
      const keySignature = toBytes(auth.SigningPublicKeySignature);
      if (!rawKey || !keySignature) {
        report.errors.push("auth data lacks SigningPublicKey or SigningPublicKeySignature");
      } else {
        const leafKey = new X509Certificate(appleIdChain[0]!).publicKey;
        const keyVouched = verifyData(
          "sha256",
          rawKey,
          { key: leafKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
          keySignature,
        );
        report.checks.push({ name: "signing key vouched for by the Apple ID certificate", ok: keyVouched, detail: "RSA-PSS / SHA-256" });
        signingKey = p256FromRaw(rawKey);
      }
      if (auth.AppleIDValidationRecord !== undefined) {
        report.warnings.push("AppleIDValidationRecord (who signed: email/phone hashes) is present but not checked");
      }
    } else {
      report.errors.push("auth data has neither SigningCertificateChain nor AppleIDCertificateChain");
    }
  } catch (error) {
    report.errors.push(`signing identity unreadable: ${(error as Error).message}`);
  }
  if (report.chain) {
    report.errors.push(...report.chain.errors);
    if (options.strict) report.errors.push(...report.chain.warnings);
    else report.warnings.push(...report.chain.warnings);
  }
  if (signingKey) report.checks.push(...verifyAeaIntegrity(container, signingKey));
  for (const check of report.checks) if (!check.ok) report.errors.push(`${check.name} is invalid`);

  try {
    const archive = readAppleArchive(extractAeaPayload(container));
    const plist = findArchiveFile(archive, "Shortcut.wflow");
    if (!plist) report.errors.push("the archive has no Shortcut.wflow");
    else report.shortcutPlist = plist;
  } catch (error) {
    report.errors.push(`payload: ${(error as Error).message}`);
  }
  report.ok = report.errors.length === 0 && signingKey !== undefined && report.checks.length > 0;
  return report;
}
