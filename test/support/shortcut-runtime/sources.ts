// Where the interpreter's input comes from, inside workerd: the built .shortcut files through the
// Worker's own GET /shortcuts/{slug}.shortcut route (served from the ASSETS binding, i.e.
// shortcuts/dist), and the golden XML exports through the test origin (test/fixtures).
import { exports } from "cloudflare:workers";
import { parseBinary } from "plist";
import { fixtureText } from "../fixtures";
import type { PlistValue } from "./interpreter";

/** The bytes of shortcuts/dist/{slug}.shortcut, as the Worker serves them. */
export async function builtShortcutBytes(slug: string): Promise<Uint8Array> {
  const response = await exports.default.fetch(`https://delivered.test/shortcuts/${slug}.shortcut`);
  if (!response.ok) throw new Error(`GET /shortcuts/${slug}.shortcut: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * A binary plist as a plain object. `plist`'s reader is pure JS (DataView; no Node APIs) and reads
 * integers unsigned; @plist/binary.parse reads 2- and 4-byte integers as signed (see build.test.ts).
 */
export function parseShortcutBytes(bytes: Uint8Array): Record<string, PlistValue> {
  const text = new TextDecoder().decode(bytes.subarray(0, 8));
  if (text !== "bplist00") throw new Error(`not an unsigned binary plist (starts with ${JSON.stringify(text)}); a signed AEA1 file must be unwrapped first`);
  return parseBinary(bytes) as unknown as Record<string, PlistValue>;
}

export async function builtShortcut(slug: string): Promise<Record<string, PlistValue>> {
  return parseShortcutBytes(await builtShortcutBytes(slug));
}

/** A golden export from test/fixtures/shortcuts (XML plist). */
export async function goldenShortcut(file: string): Promise<Record<string, PlistValue>> {
  return parseXmlPlist(await fixtureText(`shortcuts/${file}`)) as Record<string, PlistValue>;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const unescape = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e[0] === "#" ? String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : (ENTITIES[e] ?? m),
  );

/**
 * A small reader for XML property lists (the golden exports): dict, array, key, string, integer,
 * real, true, false, date, data. The `plist` package's XML reader needs DOMParser, which workerd lacks.
 */
export function parseXmlPlist(xml: string): PlistValue {
  const tokens = xml
    .replace(/<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--[\s\S]*?-->/g, "")
    .match(/<[^>]+>|[^<]+/g)
    ?.filter((t) => t.startsWith("<") || t.trim() !== "") ?? [];
  let i = 0;
  const next = () => {
    const t = tokens[i++];
    if (t === undefined) throw new Error("unexpected end of plist");
    return t;
  };
  const textUntil = (close: string) => {
    let text = "";
    for (let t = next(); t !== close; t = next()) text += t;
    return unescape(text);
  };
  const value = (): PlistValue => {
    const t = next();
    if (t === "<dict/>") return {};
    if (t === "<array/>") return [];
    if (t === "<string/>") return "";
    if (t === "<true/>") return true;
    if (t === "<false/>") return false;
    if (t === "<dict>") {
      const dict: Record<string, PlistValue> = {};
      for (let k = next(); k !== "</dict>"; k = next()) {
        if (k !== "<key>") throw new Error(`expected <key>, got ${k}`);
        dict[textUntil("</key>")] = value();
      }
      return dict;
    }
    if (t === "<array>") {
      const array: PlistValue[] = [];
      while (tokens[i] !== "</array>") array.push(value());
      i++;
      return array;
    }
    if (t === "<string>") return textUntil("</string>");
    if (t === "<integer>" || t === "<real>") return Number(textUntil(t.replace("<", "</")));
    if (t === "<date>") return textUntil("</date>");
    if (t === "<data>") return textUntil("</data>").replace(/\s/g, "");
    if (t === "<plist>" || t.startsWith("<plist ")) {
      const inner = value();
      next();
      return inner;
    }
    throw new Error(`unexpected plist token ${t}`);
  };
  return value();
}
