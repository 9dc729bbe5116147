// The "zod" module as the Worker bundles it (wrangler.toml [alias]): zod's classic API without
// `z.locales`, the ~60 translations of its error messages that this English-only API never
// shows. @hono/zod-openapi hands the whole `z` namespace to zod-to-openapi, which keeps every
// export of it in the bundle, so the translations would otherwise cost ~300 KB (minified).
// The export list follows zod/v4/classic/external.js of the pinned zod version; English stays
// the default locale (zod registers it when the first schema is built).
import * as z from "./zod-classic";
export * from "./zod-classic";
export { z, z as default };
