// `npm run docs:api`: writes docs/api.md from the Worker's own GET /openapi.json (the Worker runs
// locally for it, offline). test/routes/api-doc.test.ts fails while the committed file is stale.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderApiDoc, type OpenApiDocument } from "./lib/api-doc.ts";
import { withLocalWorker } from "./lib/local-worker.ts";
import { ROOT } from "./lib/wrangler-config.ts";

const doc = await withLocalWorker(async (fetchWorker) => (await (await fetchWorker("/openapi.json")).json()) as OpenApiDocument);
const text = renderApiDoc(doc);
writeFileSync(join(ROOT, "docs", "api.md"), text);
console.log(`wrote docs/api.md (${text.length} characters, ${Object.keys(doc.paths).length} paths) from GET /openapi.json`);
