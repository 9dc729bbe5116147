// /favicon.ico, which browsers ask for on every site whatever the page links: an icon, not a JSON 404.
import { describe, expect, it } from "vitest";
import { FAVICON_ICO_SIZES } from "../../src/views/favicon";
import { get } from "../support/http";

describe("GET /favicon.ico", () => {
  it("is an ICO holding the icon as 16, 32 and 48 px PNGs", async () => {
    const res = await get("/favicon.ico");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/x-icon");
    expect(res.headers.get("cache-control")).toBe("public, max-age=86400");
    const bytes = new Uint8Array(await res.arrayBuffer());
    const view = new DataView(bytes.buffer);
    expect([view.getUint16(0, true), view.getUint16(2, true), view.getUint16(4, true)]).toEqual([0, 1, FAVICON_ICO_SIZES.length]);
    FAVICON_ICO_SIZES.forEach((size, i) => {
      const entry = 6 + 16 * i;
      expect([bytes[entry], bytes[entry + 1], view.getUint16(entry + 6, true)]).toEqual([size, size, 32]);
      const length = view.getUint32(entry + 8, true);
      const offset = view.getUint32(entry + 12, true);
      expect(offset + length).toBeLessThanOrEqual(bytes.length);
      const png = bytes.subarray(offset, offset + length);
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      // IHDR: width and height, big-endian, at bytes 16 and 20.
      const ihdr = new DataView(png.buffer, png.byteOffset);
      expect([ihdr.getUint32(16), ihdr.getUint32(20)]).toEqual([size, size]);
    });
  });

  it("is linked from the page beside the SVG icon", async () => {
    const html = await (await get("/")).text();
    expect(html).toContain('<link rel="icon" href="/favicon.ico" sizes="16x16 32x32 48x48"/>');
    expect(html).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>');
  });
});
