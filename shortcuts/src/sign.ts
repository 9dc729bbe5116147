// Signing, in order of preference: macOS `shortcuts sign --mode anyone`; a signing identity
// given as files (P-256 private key + auth data: "people who know me"); a signing server.
// With none of them it signs nothing and says so: it never writes a file that only looks signed.
import { spawnSync } from "node:child_process";
import { createECDH, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as plistXml from "plist";
import { writeShortcutArchive } from "./aea/apple-archive.ts";
import { rawP256PublicKey, writeAea } from "./aea/container.ts";
import { readBinaryPlist, toBytes, verifySignedShortcut, type VerifyOptions, type VerifyReport } from "./aea/signed-shortcut.ts";
import { DIST_DIR, signedPath, unsignedPath, type BuiltShortcut } from "./build.ts";
import { samePlist } from "./check.ts";

export class SigningError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SigningError";
  }
}

/** A P-256 private key from PEM/DER (PKCS#8 or SEC1), X9.63 (0x04‖X‖Y‖d, 97 bytes) or raw d (32 bytes). */
export function loadSigningKey(bytes: Uint8Array): { privateKey: KeyObject; publicKey: KeyObject } {
  let privateKey: KeyObject;
  const text = Buffer.from(bytes).toString("latin1");
  if (text.includes("-----BEGIN")) privateKey = createPrivateKey(text);
  else if (bytes.length === 97 && bytes[0] === 4) privateKey = privateKeyFromRaw(bytes.subarray(65), bytes.subarray(1, 65));
  else if (bytes.length === 32) {
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(bytes);
    privateKey = privateKeyFromRaw(bytes, ecdh.getPublicKey().subarray(1));
  } else privateKey = createPrivateKey({ key: Buffer.from(bytes), format: "der", type: "pkcs8" });
  if (privateKey.asymmetricKeyDetails?.namedCurve !== "prime256v1") throw new SigningError("the signing key is not a P-256 key");
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

function privateKeyFromRaw(d: Uint8Array, xy: Uint8Array): KeyObject {
  const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64url");
  return createPrivateKey({ key: { kty: "EC", crv: "P-256", d: b64(d), x: b64(xy.subarray(0, 32)), y: b64(xy.subarray(32)) }, format: "jwk" });
}

/** Signs `plist` with a key and the auth data that vouches for it. Fixed archive time: same input, same payload. */
export function signWithIdentity(plist: Uint8Array, key: { privateKey: KeyObject; publicKey: KeyObject }, authData: Uint8Array): Uint8Array {
  const auth = readBinaryPlist(authData) as Record<string, unknown>;
  // Refuse a key that the auth data does not vouch for: the result would never verify.
  const publicRaw = Buffer.from(rawP256PublicKey(key.publicKey));
  const vouchedKey = toBytes(auth.SigningPublicKey);
  if (vouchedKey && !publicRaw.equals(Buffer.from(vouchedKey))) {
    throw new SigningError("the auth data's SigningPublicKey is not the public half of the signing key");
  }
  return writeAea(writeShortcutArchive(plist, 0), authData, key.privateKey, key.publicKey);
}

export type SigningMethod =
  /** `env` is the environment `shortcuts` runs in (its PATH finds the command). */
  | { kind: "macos"; env?: NodeJS.ProcessEnv }
  | { kind: "identity"; keyPath: string; authPath: string }
  | { kind: "server"; url: string }
  | { kind: "none"; reason: string };

export function chooseSigningMethod(env: NodeJS.ProcessEnv = process.env): SigningMethod {
  if (process.platform === "darwin" && spawnSync("shortcuts", ["help"], { stdio: "ignore" }).status === 0) return { kind: "macos" };
  const keyPath = env.SHORTCUTS_SIGNING_KEY;
  const authPath = env.SHORTCUTS_SIGNING_AUTH;
  if (keyPath || authPath) {
    if (!keyPath || !authPath) throw new SigningError("set both SHORTCUTS_SIGNING_KEY and SHORTCUTS_SIGNING_AUTH (or neither)");
    for (const p of [keyPath, authPath]) if (!existsSync(p)) throw new SigningError(`${p} does not exist`);
    return { kind: "identity", keyPath, authPath };
  }
  if (env.SHORTCUTS_SIGNING_SERVER) return { kind: "server", url: env.SHORTCUTS_SIGNING_SERVER };
  return {
    kind: "none",
    reason:
      "no signing identity: not on a Mac with the `shortcuts` command, SHORTCUTS_SIGNING_KEY/SHORTCUTS_SIGNING_AUTH are not set, and SHORTCUTS_SIGNING_SERVER is not set",
  };
}

async function signOne(method: Exclude<SigningMethod, { kind: "none" }>, built: BuiltShortcut, distDir: string): Promise<Uint8Array> {
  const slug = built.definition.slug;
  if (method.kind === "macos") {
    const out = signedPath(slug, distDir);
    const run = spawnSync("shortcuts", ["sign", "--mode", "anyone", "--input", unsignedPath(slug, distDir), "--output", out], {
      encoding: "utf8",
      env: method.env ?? process.env,
    });
    if (run.error) throw new SigningError(`could not run \`shortcuts sign\` for ${slug}: ${run.error.message}`);
    if (run.status !== 0) throw new SigningError(`shortcuts sign failed for ${slug}: ${run.stderr || run.stdout}`);
    return new Uint8Array(readFileSync(out));
  }
  if (method.kind === "identity") {
    return signWithIdentity(built.bytes, loadSigningKey(readFileSync(method.keyPath)), new Uint8Array(readFileSync(method.authPath)));
  }
  // Signing server in the HubSign / shortcut-signing-server shape: JSON {shortcutName, shortcut: XML plist} → AEA1 bytes.
  const response = await fetch(method.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ shortcutName: built.definition.name, shortcut: plistXml.build(built.plist as never) }),
  });
  if (!response.ok) throw new SigningError(`signing server answered ${response.status} for ${slug}`);
  return new Uint8Array(await response.arrayBuffer());
}

export interface SignOutcome {
  method: SigningMethod["kind"];
  signed: string[];
  message: string;
  /** Each signed file's verification, by slug. */
  reports: Record<string, VerifyReport>;
}

/**
 * Signs every built shortcut into <distDir>/signed/ (the unsigned files must be in distDir). Each
 * result is verified before it is kept (Apple's roots, plus `verifyOptions.extraTrustAnchors` if
 * given) and must hold exactly the build it was given.
 */
export async function signAll(built: BuiltShortcut[], method: SigningMethod, verifyOptions: VerifyOptions = {}, distDir = DIST_DIR): Promise<SignOutcome> {
  if (method.kind === "none") return { method: "none", signed: [], message: `Nothing signed: ${method.reason}.`, reports: {} };
  mkdirSync(join(distDir, "signed"), { recursive: true });
  const signed: string[] = [];
  const reports: Record<string, VerifyReport> = {};
  for (const b of built) {
    const slug = b.definition.slug;
    const bytes = await signOne(method, b, distDir);
    const report = verifySignedShortcut(bytes, verifyOptions);
    if (!report.ok) {
      rmSync(signedPath(slug, distDir), { force: true });
      throw new SigningError(`the ${method.kind} signature of ${slug} does not verify: ${report.errors.join("; ")}`);
    }
    if (!report.shortcutPlist || !samePlist(report.shortcutPlist, b.bytes)) {
      rmSync(signedPath(slug, distDir), { force: true });
      throw new SigningError(`the signed ${slug} verifies but does not hold the build that was given to the signer`);
    }
    writeFileSync(signedPath(slug, distDir), bytes);
    signed.push(slug);
    reports[slug] = report;
  }
  return { method: method.kind, signed, message: `Signed ${signed.length} shortcut(s) with ${method.kind}: ${signed.join(", ")}`, reports };
}
