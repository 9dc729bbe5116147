// Shortcuts toolchain: build | sign | release | verify FILE | inspect FILE | check
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { verifySignedShortcut, readBinaryPlist, type VerifyReport } from "./aea/signed-shortcut.ts";
import type { TrustAnchor } from "./aea/certificates.ts";
import { chooseApiUrl, takeApiUrlFlag } from "./api-url.ts";
import { writeBuild, writeManifest } from "./build.ts";
import { validateShortcutPlist } from "./builder/validate.ts";
import { checkShortcuts } from "./check.ts";
import { release } from "./release.ts";
import { chooseSigningMethod, signAll } from "./sign.ts";

const USAGE = `usage: cli.ts <command>
  build [--api-url URL]         write shortcuts/dist/<slug>.shortcut (unsigned) and manifest.json, for URL (else PUBLIC_URL in wrangler.toml)
  sign [--api-url URL]          build, then sign into shortcuts/dist/signed/ (macOS shortcuts, key+auth files, or server)
  release [--api-url URL]       on a Mac: build for your deployment, sign with Apple ("anyone"), verify, write the manifest
  verify FILE [--strict] [--trust CERT]...   verify a signed .shortcut; exit 0 only if it verifies
  inspect FILE [--strict] [--trust CERT]...  verify, then list the actions inside
  check                         the committed outputs are current and every signed file verifies`;

function parseArgs(args: string[]): { file?: string; strict: boolean; anchors: TrustAnchor[] } {
  let file: string | undefined;
  let strict = false;
  const anchors: TrustAnchor[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--strict") strict = true;
    else if (a === "--trust") {
      const path = args[++i];
      if (!path) throw new Error("--trust needs a certificate file");
      anchors.push({ label: `extra anchor ${path}`, certificate: new X509Certificate(readFileSync(path)) });
    } else if (!file) file = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  return { file, strict, anchors };
}

function printReport(file: string, report: VerifyReport): void {
  const c = report.container;
  console.log(`${file}`);
  if (c) {
    console.log(`  container: AEA1 profile ${c.profile}, auth data ${c.authData.length} bytes (${report.authKeys.join(", ")})`);
    console.log(
      `  payload: ${c.rootHeader.rawSize} bytes in ${c.clusters.reduce((n, cl) => n + cl.segments.length, 0)} segment(s), compression '${c.rootHeader.compression}'`,
    );
  }
  if (report.mode) console.log(`  signing mode: ${report.mode}`);
  for (const cert of report.chain?.certificates ?? []) {
    console.log(`  cert: ${cert.subject} <- ${cert.issuer} (${cert.validFrom.slice(0, 10)} .. ${cert.validTo.slice(0, 10)})${cert.expired ? " EXPIRED" : ""}`);
  }
  if (report.chain?.anchor) console.log(`  chain: trusted via ${report.chain.anchor}`);
  for (const check of report.checks) console.log(`  ${check.ok ? "ok  " : "FAIL"} ${check.name}`);
  for (const w of report.warnings) console.log(`  warning: ${w}`);
  for (const e of report.errors) console.log(`  error: ${e}`);
  console.log(report.ok ? "  VERIFIED" : "  NOT VERIFIED");
}

type Dict = Record<string, unknown>;

/** One line per action, indented by block depth. */
export function describeActions(plist: unknown): string[] {
  const actions = ((plist as Dict).WFWorkflowActions as Dict[]) ?? [];
  const lines: string[] = [];
  let depth = 0;
  actions.forEach((action, i) => {
    const id = String(action.WFWorkflowActionIdentifier).replace(/^is\.workflow\.actions\./, "");
    const params = (action.WFWorkflowActionParameters ?? {}) as Dict;
    const mode = params.WFControlFlowMode;
    if (mode === 1 || mode === 2) depth = Math.max(0, depth - 1);
    const label = mode === 1 ? (params.WFMenuItemTitle ? `case "${String(params.WFMenuItemTitle)}"` : "otherwise") : mode === 2 ? "end" : "";
    const summary = Object.entries(params)
      .filter(([k]) => !["UUID", "GroupingIdentifier", "WFControlFlowMode", "WFMenuItemAttributedTitle", "WFMenuItemTitle"].includes(k))
      .map(([k, v]) => `${k}=${summarize(v)}`)
      .join(" ");
    lines.push(`${String(i).padStart(4)} ${"  ".repeat(depth)}${id}${label ? ` ${label}` : ""}${summary ? `  ${summary}` : ""}`);
    if (mode === 0 || mode === 1) depth++;
  });
  return lines;
}

function summarize(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? value.slice(0, 57) + "..." : value);
  if (typeof value !== "object" || value === null) return String(value);
  const v = value as Dict;
  const inner = v.Value as Dict | undefined;
  if (v.WFSerializationType === "WFTextTokenString" && inner) return summarize(String(inner.string).replace(/\uFFFC/g, "{var}"));
  if (v.WFSerializationType === "WFTextTokenAttachment" && inner) return `{${String(inner.OutputName ?? inner.VariableName ?? inner.Type)}}`;
  if (v.WFSerializationType === "WFDictionaryFieldValue") return "{dictionary}";
  if (v.Type === "Variable" && v.Variable) return summarize(v.Variable);
  return Array.isArray(value) ? `[${value.length} items]` : "{…}";
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "build": {
      const { url: apiUrl, source } = chooseApiUrl(takeApiUrlFlag(rest).apiUrl);
      console.log(`building for ${apiUrl} (${source})`);
      const built = writeBuild({ apiUrl });
      for (const b of built) {
        const problems = validateShortcutPlist(b.plist);
        if (problems.length) {
          console.error(`${b.definition.slug}: ${problems.join("\n  ")}`);
          return 1;
        }
        console.log(`built shortcuts/dist/${b.definition.slug}.shortcut (${b.bytes.length} bytes, ${(b.plist.WFWorkflowActions as unknown[]).length} actions)`);
      }
      console.log("wrote shortcuts/dist/manifest.json");
      return 0;
    }
    case "sign": {
      const { url: apiUrl, source } = chooseApiUrl(takeApiUrlFlag(rest).apiUrl);
      console.log(`building for ${apiUrl} (${source})`);
      const built = writeBuild({ apiUrl });
      const method = chooseSigningMethod();
      const outcome = await signAll(built, method);
      writeManifest(built, apiUrl);
      if (outcome.method === "none") {
        console.error(outcome.message);
        console.error("To sign: run this on a Mac signed in to iCloud, or set SHORTCUTS_SIGNING_KEY + SHORTCUTS_SIGNING_AUTH, or SHORTCUTS_SIGNING_SERVER (see docs/shortcuts.md).");
        return 1;
      }
      console.log(outcome.message);
      return 0;
    }
    case "release": {
      const { apiUrl, rest: unknown } = takeApiUrlFlag(rest);
      if (unknown.length) throw new Error(`release: unexpected argument ${unknown[0]}`);
      return release({ apiUrl });
    }
    case "verify":
    case "inspect": {
      const { file, strict, anchors } = parseArgs(rest);
      if (!file) throw new Error(`${command} needs a FILE`);
      const bytes = new Uint8Array(readFileSync(file));
      if (String.fromCharCode(...bytes.subarray(0, 8)) === "bplist00") {
        console.log(`${file}: an unsigned shortcut (binary plist), so there is nothing to verify. NOT VERIFIED`);
        if (command === "inspect") for (const line of describeActions(readBinaryPlist(bytes))) console.log(line);
        return 1;
      }
      const report = verifySignedShortcut(bytes, { strict, extraTrustAnchors: anchors });
      printReport(file, report);
      if (command === "inspect" && report.shortcutPlist) {
        const plist = readBinaryPlist(report.shortcutPlist);
        console.log(`  Shortcut.wflow: ${report.shortcutPlist.length} bytes`);
        for (const line of describeActions(plist)) console.log(line);
      }
      return report.ok ? 0 : 1;
    }
    case "check": {
      const result = checkShortcuts();
      for (const line of result.lines) console.log(line);
      if (!result.ok) console.log("shortcuts: check FAILED");
      else if (result.signed === 0) console.log("shortcuts: the builds are current; no signed release exists, so nothing here can be installed on an iPhone yet");
      else console.log(`shortcuts: all checks passed (${result.signed} signed file${result.signed === 1 ? "" : "s"} verified)`);
      return result.ok ? 0 : 1;
    }
    default:
      console.error(USAGE);
      return command ? 2 : 0;
  }
}

// Only run when executed, not when imported by the tests.
if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
export { main };
