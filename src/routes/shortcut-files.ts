// GET /shortcuts/{file}.shortcut: the client files, from the static assets (shortcuts/dist).
// The signed build is served when the manifest lists one: iOS 15+ refuses unsigned files, which
// stay available for inspection while no signed release exists.
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../app";
import { ApiError } from "../http/errors";
import { SHORTCUTS, shortcutForFile, type ShortcutEntry } from "../services/shortcut-catalog";

export const shortcutFileRoute = createRoute({
  method: "get",
  path: "/shortcuts/{file}",
  summary: "Download a Shortcut (signed when a signed release exists, else the unsigned build)",
  request: {
    params: z.object({
      file: z.string().openapi({ example: "fix-imessage.shortcut", description: "`<slug>.shortcut`, a slug from the landing page" }),
    }),
  },
  responses: {
    200: {
      description: "The .shortcut file, as an attachment named after the Siri phrase",
      content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
    },
    404: { description: "No such shortcut in this deployment" },
  },
});

/** `attachment; filename="Fix iMessage.shortcut"`: the saved file keeps the name people say to Siri. */
export function attachmentDisposition(entry: ShortcutEntry): string {
  const safeName = entry.name.replace(/[^A-Za-z0-9 ._-]/g, "").trim() || entry.slug;
  return `attachment; filename="${safeName}.shortcut"`;
}

/** The route for a catalog (tests pass their own, e.g. one with a signed build). */
export function shortcutFileRoutesFor(catalog: readonly ShortcutEntry[]) {
  return createRouter().openapi(shortcutFileRoute, async (c) => {
    const { file } = c.req.valid("param");
    const entry = shortcutForFile(file, catalog);
    if (!entry) throw new ApiError("not_found", `There is no shortcut named ${JSON.stringify(file)}. The landing page lists the ones there are.`);

    const assetPath = `/${entry.signedFile ?? entry.unsignedFile}`;
    // If-None-Match passes through: the asset server answers 304 for an unchanged file.
    const conditional = c.req.header("if-none-match");
    const asset = await c.env.ASSETS.fetch(new URL(assetPath, c.req.url), { headers: conditional ? { "if-none-match": conditional } : {} });
    if (asset.status !== 304 && (!asset.ok || !asset.body)) {
      // The manifest lists it but the deployment lacks the file: a build fault, worth a log line.
      console.error(JSON.stringify({ level: "error", event: "shortcut_asset_missing", asset: assetPath, status: asset.status }));
      throw new ApiError("not_found", `${entry.name} is not available from this server right now.`);
    }

    const headers = new Headers({
      "content-type": "application/octet-stream",
      "content-disposition": attachmentDisposition(entry),
      // Releases replace files in place: a short cache, revalidated by ETag.
      "cache-control": "public, max-age=300",
      "x-shortcut-signed": entry.signedFile ? "true" : "false",
      "x-shortcut-version": entry.version,
    });
    const etag = asset.headers.get("etag");
    if (etag) headers.set("etag", etag);
    const length = asset.headers.get("content-length");
    if (length) headers.set("content-length", length);
    if (asset.status === 304) return new Response(null, { status: 304, headers });
    return new Response(asset.body, { status: 200, headers });
  });
}

export const shortcutFileRoutes = shortcutFileRoutesFor(SHORTCUTS);
