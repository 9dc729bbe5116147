// Self-made signing identities in the two shapes Apple's signed Shortcuts have, issued by the
// throwaway test CAs (test-ca.ts). The verifier trusts them only when a test names their root.
import { constants, generateKeyPairSync, sign } from "node:crypto";
import { serialize } from "@plist/binary.serialize";
import { rawP256PublicKey } from "../../../shortcuts/src/aea/container.ts";
import { issueCertificate } from "./test-ca.ts";

const ab = (b: Uint8Array) => new Uint8Array(b).buffer;

/** A "people who know me" identity: test root → test intermediate → RSA leaf vouching for a P-256 key. */
export function contactIdentity() {
  const root = issueCertificate({ subject: "Delivered Test Root CA", ca: true, keyType: "ec" });
  const intermediate = issueCertificate({ subject: "Delivered Test Application Integration CA", ca: true, keyType: "rsa", issuer: root });
  const leaf = issueCertificate({ subject: "com.example.test.appleid", ca: false, keyType: "rsa", issuer: intermediate });
  const signing = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const signingRaw = rawP256PublicKey(signing.publicKey);
  const keySignature = sign("sha256", signingRaw, { key: leaf.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  const authData = new Uint8Array(
    serialize({
      AppleIDCertificateChain: [ab(leaf.der), ab(intermediate.der)],
      SigningPublicKey: ab(signingRaw),
      SigningPublicKeySignature: ab(keySignature),
    }),
  );
  const pem = signing.privateKey.export({ type: "pkcs8", format: "pem" }) as string;
  return { root, authData, pem, anchor: { label: "test root", certificate: root.certificate } };
}

/** An "anyone"-shaped identity, as Apple's iCloud signing service issues: the leaf certificate's own P-256 key signs. */
export function anyoneIdentity() {
  const root = issueCertificate({ subject: "Delivered Test G3 Root", ca: true, keyType: "ec" });
  const intermediate = issueCertificate({ subject: "Delivered Test System Integration CA", ca: true, keyType: "ec", issuer: root });
  const leaf = issueCertificate({ subject: "0123456789abcdef", ca: false, keyType: "ec", issuer: intermediate });
  const authData = new Uint8Array(serialize({ SigningCertificateChain: [ab(leaf.der), ab(intermediate.der), ab(root.der)] }));
  const pem = leaf.privateKey.export({ type: "pkcs8", format: "pem" }) as string;
  return { leaf, authData, pem, anchor: { label: "test G3", certificate: root.certificate } };
}
