import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Runs before each test file: the real schema, from migrations/, in the test's own D1.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
