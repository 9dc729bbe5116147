import { createApp } from "./app";
import type { Bindings } from "./env";
import { rateLimitPosts } from "./http/rate-limit";
import { API_DESCRIPTION } from "./openapi-info";
import { contactCheckRoutes } from "./routes/contact-check";
import { diagnoseRoutes } from "./routes/diagnose";
import { landingRoutes } from "./routes/landing";
import { metaRoutes } from "./routes/meta";
import { playbookRoutes } from "./routes/playbook";
import { sessionRoutes } from "./routes/sessions";
import { shortcutFileRoutes } from "./routes/shortcut-files";
import { statusRoutes } from "./routes/status";
import { refreshFeeds } from "./services/refresh";
import { deleteExpiredSessions } from "./storage/sessions";

// The crowd counters' Durable Object class (wrangler.toml: CROWD).
export { CrowdCounter } from "./storage/crowd-counter";

const app = createApp();
// Every POST under /v1 is limited per client address; must come before the routes to apply.
app.use("/v1/*", rateLimitPosts);
app.route("/", metaRoutes);
app.route("/", diagnoseRoutes);
app.route("/", contactCheckRoutes);
app.route("/", sessionRoutes);
app.route("/", playbookRoutes);
app.route("/", statusRoutes);
app.route("/", landingRoutes);
app.route("/", shortcutFileRoutes);

app.doc31("/openapi.json", (c) => ({
  openapi: "3.1.0",
  info: {
    title: "Delivered API",
    version: "1.0.0",
    // The contract's prose; docs/api.md is generated from this whole document (npm run docs:api).
    description: API_DESCRIPTION,
  },
  servers: [{ url: new URL(c.req.url).origin }],
}));

export default {
  fetch: app.fetch,
  // Cron Trigger (*/5): Apple's feeds and the iOS version table into KV, and expired sessions out.
  async scheduled(controller, env, ctx) {
    const now = new Date(controller.scheduledTime);
    ctx.waitUntil(refreshFeeds(env, now));
    ctx.waitUntil(deleteExpiredSessions(env.DB, now));
  },
} satisfies ExportedHandler<Bindings>;
