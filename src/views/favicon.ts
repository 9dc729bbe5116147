// The site icon: a speech bubble with a tick. /favicon.svg for browsers that take SVG icons, and
// /favicon.ico (16, 32 and 48 px PNGs in an ICO, rendered from the same SVG by
// scripts/favicon.ts into favicon-ico.ts) for the ones that ask for /favicon.ico whatever the page says.
// No imports: scripts/favicon.ts runs this file in Node.

export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path fill="#0b57d0" d="M16 3C8.3 3 2 8.4 2 15c0 3.6 1.9 6.9 4.9 9.1L5.5 29l5.6-2.7c1.5.5 3.2.7 4.9.7 7.7 0 14-5.4 14-12S23.7 3 16 3z"/><path fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round" d="M10 15.5l4 4 8-8.5"/></svg>';

/** The sizes in /favicon.ico, in pixels. */
export const FAVICON_ICO_SIZES = [16, 32, 48] as const;

/** An ICO file (ICONDIR, one ICONDIRENTRY per image, then the images) holding PNG images. */
export function packIco(images: { size: number; png: Uint8Array }[]): Uint8Array {
  const header = 6 + 16 * images.length;
  const out = new Uint8Array(header + images.reduce((n, i) => n + i.png.length, 0));
  const view = new DataView(out.buffer);
  view.setUint16(2, 1, true); // type: icon
  view.setUint16(4, images.length, true);
  let offset = header;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    out[entry] = size >= 256 ? 0 : size; // width (0 means 256)
    out[entry + 1] = size >= 256 ? 0 : size; // height
    view.setUint16(entry + 4, 1, true); // colour planes
    view.setUint16(entry + 6, 32, true); // bits per pixel
    view.setUint32(entry + 8, png.length, true);
    view.setUint32(entry + 12, offset, true);
    out.set(png, offset);
    offset += png.length;
  });
  return out;
}
