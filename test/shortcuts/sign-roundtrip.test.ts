import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rawP256PublicKey, writeAea, parseAea, extractAeaPayload } from "../../shortcuts/src/aea/container.ts";
import { writeShortcutArchive, readAppleArchive, findArchiveFile } from "../../shortcuts/src/aea/apple-archive.ts";
import { verifySignedShortcut } from "../../shortcuts/src/aea/signed-shortcut.ts";
import { buildAll } from "../../shortcuts/src/build.ts";
import { checkShortcuts } from "../../shortcuts/src/check.ts";
import { chooseSigningMethod, loadSigningKey, signAll, signWithIdentity, SigningError } from "../../shortcuts/src/sign.ts";
import { anyoneIdentity, contactIdentity } from "./support/identities.ts";

/** The API these test builds are for (any real-looking address; nothing is fetched). */
const API_URL = "https://delivered.acme-support.net";

const [fixIMessage] = buildAll({ apiUrl: API_URL });

describe("signing with a test identity", () => {
  it("round-trips a contact-signed build: verifies with the test root given explicitly, and only then", () => {
    const id = contactIdentity();
    const signed = signWithIdentity(fixIMessage!.bytes, loadSigningKey(Buffer.from(id.pem)), id.authData);
    const report = verifySignedShortcut(signed, { extraTrustAnchors: [id.anchor] });
    expect(report.errors).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.mode).toBe("people-who-know-me");
    expect(report.checks.find((c) => c.name.startsWith("signing key vouched"))?.ok).toBe(true);
    expect(Buffer.from(report.shortcutPlist!).equals(Buffer.from(fixIMessage!.bytes))).toBe(true);

    const untrusted = verifySignedShortcut(signed);
    expect(untrusted.ok).toBe(false);
    expect(untrusted.errors.join()).toMatch(/not a trusted root/);
  });

  it("round-trips an anyone-shaped file and a multi-segment payload", () => {
    const id = anyoneIdentity();
    const payload = randomBytes(2.5 * 1024 * 1024); // three 1 MiB segments
    const signed = writeAea(writeShortcutArchive(payload, 0), id.authData, id.leaf.privateKey, id.leaf.publicKey);
    const report = verifySignedShortcut(signed, { extraTrustAnchors: [id.anchor] });
    expect(report.errors).toEqual([]);
    expect(report.mode).toBe("anyone");
    expect(report.checks.filter((c) => c.name.includes("segment")).length).toBe(3);
    expect(Buffer.from(report.shortcutPlist!).equals(payload)).toBe(true);
    const container = parseAea(signed);
    const last = container.clusters[0]!.segments[2]!;
    const damaged = signed.slice();
    damaged[last.dataOffset + 17]! ^= 0x80;
    expect(verifySignedShortcut(damaged, { extraTrustAnchors: [id.anchor] }).ok).toBe(false);
    expect(Buffer.from(findArchiveFile(readAppleArchive(extractAeaPayload(container)), "Shortcut.wflow")!).equals(payload)).toBe(true);
  });

  it("any flipped byte in our own signed file fails verification", () => {
    const id = contactIdentity();
    const signed = signWithIdentity(fixIMessage!.bytes, loadSigningKey(Buffer.from(id.pem)), id.authData);
    const c = parseAea(signed);
    const positions = [0, 5, 9, c.authDataOffset + 40, c.authDataOffset + id.authData.length - 10, c.signatureOffset + 8, c.signatureOffset + 200, c.signatureOffset + 230, c.prologueEnd - 1, c.prologueEnd + 4, c.prologueEnd + 256 * 40 + 40, signed.length - 1];
    for (let p = c.clusters[0]!.segments[0]!.dataOffset; p < signed.length; p += 4099) positions.push(p);
    for (const position of positions) {
      const damaged = signed.slice();
      damaged[position]! ^= 0x04;
      expect(verifySignedShortcut(damaged, { extraTrustAnchors: [id.anchor] }).ok, `byte ${position}`).toBe(false);
    }
  });

  it("refuses a key the auth data does not vouch for", () => {
    const id = contactIdentity();
    const other = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    expect(() => signWithIdentity(fixIMessage!.bytes, loadSigningKey(Buffer.from(other)), id.authData)).toThrow(SigningError);
  });

  it("loads keys as PEM, X9.63 (04‖X‖Y‖d) and raw d, all the same key", () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const jwk = privateKey.export({ format: "jwk" });
    const d = Buffer.from(jwk.d!, "base64url");
    const x963 = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url"), d]);
    const fromPem = rawP256PublicKey(loadSigningKey(Buffer.from(privateKey.export({ type: "pkcs8", format: "pem" }) as string)).publicKey);
    expect(Buffer.from(rawP256PublicKey(loadSigningKey(x963).publicKey)).equals(Buffer.from(fromPem))).toBe(true);
    expect(Buffer.from(rawP256PublicKey(loadSigningKey(d).publicKey)).equals(Buffer.from(fromPem))).toBe(true);
  });
});

describe("sign command and check", () => {
  it("signs nothing and says so when there is no identity", async () => {
    const method = chooseSigningMethod({});
    if (process.platform === "darwin") return; // a Mac may have `shortcuts`
    expect(method.kind).toBe("none");
    const outcome = await signAll(buildAll({ apiUrl: API_URL }), method);
    expect(outcome.signed).toEqual([]);
    expect(outcome.message).toMatch(/^Nothing signed: no signing identity/);
  });

  it("picks the key+auth identity from the environment and insists on both files", () => {
    if (process.platform === "darwin") return;
    const dir = mkdtempSync(join(tmpdir(), "delivered-sign-"));
    writeFileSync(join(dir, "key.pem"), "x");
    writeFileSync(join(dir, "auth.plist"), "x");
    expect(chooseSigningMethod({ SHORTCUTS_SIGNING_KEY: join(dir, "key.pem"), SHORTCUTS_SIGNING_AUTH: join(dir, "auth.plist") }).kind).toBe("identity");
    expect(() => chooseSigningMethod({ SHORTCUTS_SIGNING_KEY: join(dir, "key.pem") })).toThrow(/both/);
    expect(chooseSigningMethod({ SHORTCUTS_SIGNING_SERVER: "https://signer.example" }).kind).toBe("server");
  });

  it("check passes a signed current build and fails a stale or damaged one", () => {
    const id = contactIdentity();
    const key = loadSigningKey(Buffer.from(id.pem));
    const root = mkdtempSync(join(tmpdir(), "delivered-check-"));
    mkdirSync(join(root, "dist", "signed"), { recursive: true });
    const [fix, down] = buildAll({ apiUrl: API_URL });
    writeFileSync(join(root, "dist", "signed", "fix-imessage.shortcut"), signWithIdentity(fix!.bytes, key, id.authData));
    const options = { extraTrustAnchors: [id.anchor] };
    expect(checkShortcuts(root, options, { apiUrl: API_URL }).ok).toBe(true);

    // Signed, verifies, but holds another shortcut's plist: not the current build.
    writeFileSync(join(root, "dist", "signed", "is-imessage-down.shortcut"), signWithIdentity(fix!.bytes, key, id.authData));
    const stale = checkShortcuts(root, options, { apiUrl: API_URL });
    expect(stale.ok).toBe(false);
    expect(stale.lines.join("\n")).toMatch(/is-imessage-down.shortcut verifies but does not contain the current build/);

    const damaged = signWithIdentity(down!.bytes, key, id.authData);
    damaged[damaged.length - 3]! ^= 1;
    writeFileSync(join(root, "dist", "signed", "is-imessage-down.shortcut"), damaged);
    expect(checkShortcuts(root, options, { apiUrl: API_URL }).lines.join("\n")).toMatch(/is-imessage-down.shortcut does not verify/);
  });
});
