// A stand-in for macOS's `shortcuts` command, for the release test on a machine without it. It
// answers `shortcuts help` and `shortcuts sign --mode anyone --input IN --output OUT` by signing IN
// with a throwaway identity (FAKE_SHORTCUTS_KEY, a PEM file; FAKE_SHORTCUTS_AUTH, the auth data)
// the way Apple's service does: an AEA1 file whose payload is an Apple Archive holding Shortcut.wflow.
// FAKE_SHORTCUTS_FAULT makes it misbehave as a broken signer could: "tamper" flips a byte after
// signing, "swap" signs another file's contents (FAKE_SHORTCUTS_SWAP), "fail" exits 1.
import { readFileSync, writeFileSync } from "node:fs";
import { loadSigningKey, signWithIdentity } from "../../../shortcuts/src/sign.ts";

const [command, ...args] = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

if (command === "help") process.exit(0);
if (command !== "sign") {
  console.error(`fake shortcuts: unknown command ${command}`);
  process.exit(64);
}
const input = option("--input") ?? option("-i");
const output = option("--output") ?? option("-o");
if (option("--mode") !== "anyone" && option("-m") !== "anyone") {
  console.error("fake shortcuts: this stand-in signs in anyone mode only");
  process.exit(64);
}
if (!input || !output) {
  console.error("fake shortcuts: sign needs --input and --output");
  process.exit(64);
}
const fault = process.env.FAKE_SHORTCUTS_FAULT;
if (fault === "fail") {
  console.error("Error: The operation couldn't be completed. (You are not signed in to iCloud.)");
  process.exit(1);
}
const plist = new Uint8Array(readFileSync(fault === "swap" ? process.env.FAKE_SHORTCUTS_SWAP! : input));
const key = loadSigningKey(readFileSync(process.env.FAKE_SHORTCUTS_KEY!));
const signed = signWithIdentity(plist, key, new Uint8Array(readFileSync(process.env.FAKE_SHORTCUTS_AUTH!)));
if (fault === "tamper") signed[signed.length - 5]! ^= 0x01;
writeFileSync(output, signed);
