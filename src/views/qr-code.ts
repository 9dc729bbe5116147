// A QR code for the page's own address, drawn server-side as one SVG path: no script, no image
// request, crisp at any size. Cached per text: the origin rarely changes within an isolate.
import qrcode from "qrcode-generator";

export interface QrCode {
  /** Modules per side, including the quiet zone. */
  size: number;
  /** SVG path data in module units: one rectangle per run of dark modules. */
  path: string;
}

const QUIET_ZONE = 4;
const cache = new Map<string, QrCode>();
const CACHE_LIMIT = 16;

export function qrCodeFor(text: string): QrCode {
  const cached = cache.get(text);
  if (cached) return cached;
  // Level M survives a scuffed screen; type 0 picks the smallest version that fits.
  const qr = qrcode(0, "M");
  qr.addData(text, "Byte");
  qr.make();
  const count = qr.getModuleCount();
  const parts: string[] = [];
  for (let row = 0; row < count; row++) {
    // One rectangle per horizontal run of dark modules keeps the path (and the page) small.
    for (let col = 0; col < count; ) {
      if (!qr.isDark(row, col)) {
        col++;
        continue;
      }
      let run = 1;
      while (col + run < count && qr.isDark(row, col + run)) run++;
      parts.push(`M${col + QUIET_ZONE} ${row + QUIET_ZONE}h${run}v1h-${run}z`);
      col += run;
    }
  }
  const code = { size: count + 2 * QUIET_ZONE, path: parts.join("") };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, code);
  return code;
}
