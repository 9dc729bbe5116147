// The Worker run locally for a script that needs its answers (no network: Apple's feeds are off,
// wrangler's placeholder request.cf). `fetch` goes to the real Worker on 127.0.0.1.
import { createTestHarness } from "wrangler";
import { ROOT } from "./wrangler-config.ts";

export async function withLocalWorker<T>(use: (fetchWorker: (path: string) => Promise<Response>) => Promise<T>): Promise<T> {
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
  const worker = createTestHarness({
    root: ROOT,
    workers: [{ configPath: "./wrangler.toml", vars: { APPLE_STATUS_URL: "", APPLE_DEVELOPER_STATUS_URL: "", IOS_VERSIONS_URL: "", RATE_LIMIT: "off" } }],
  });
  try {
    const base = (await worker.listen()).url;
    return await use((path) => fetch(new URL(path, base)));
  } finally {
    await worker.close();
  }
}
