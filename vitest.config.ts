import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { serveTestOrigin } from "./test/support/test-origin.ts";

// Two kinds of tests: the Worker's, run inside workerd with real D1/KV bindings, and the
// Node-side ones (the Shortcuts toolchain, the browser test of the landing page).
export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    test: {
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                // Crowd reports flush at once in tests (no 2 s batching wait inside waitUntil), with a fixed dedupe key.
                // The location's cache (GET /v1/status) would carry answers from one test into the next: its own tests turn it on.
                bindings: { TEST_MIGRATIONS: migrations, RATE_LIMIT: "off", CROWD_FLUSH_MS: "0", CROWD_KEY: "test-only-crowd-key", STATUS_CACHE: "off" },
                // Apple's feeds are unreachable here: outbound fetches are answered from test/fixtures.
                outboundService: serveTestOrigin,
              },
            }),
          ],
          test: {
            name: "worker",
            include: ["test/**/*.test.ts"],
            exclude: ["test/shortcuts/**", "test/e2e/**", "test/scripts/**"],
            setupFiles: ["./test/support/apply-migrations.ts"],
          },
        },
        {
          test: {
            name: "node",
            environment: "node",
            include: ["test/shortcuts/**/*.test.ts", "test/e2e/**/*.test.ts", "test/scripts/**/*.test.ts"],
            testTimeout: 60_000,
          },
        },
      ],
    },
  };
});
