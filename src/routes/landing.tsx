// GET / (the landing page) and what it loads: /styles.css, /favicon.svg and /favicon.ico. Nothing else: the page
// runs no script, so it works without JavaScript and under a CSP without 'unsafe-inline'.
import { raw } from "hono/html";
import { createRouter } from "../app";
import { catalogText, PLAYBOOK } from "../domain/playbook";
import { workedFor, type WorkedTable } from "../domain/worked";
import { readWorked } from "../storage/fix-outcomes";
import { currentStatus } from "../services/apple-status";
import { crowdCharts, crowdStatus, regionOf } from "../services/crowd";
import { SHORTCUTS } from "../services/shortcut-catalog";
import { LANDING_CSS, LANDING_CSS_VERSION } from "../views/landing-css";
import { LandingPage } from "../views/landing-page";
import { FAVICON_SVG } from "../views/favicon";
import { FAVICON_ICO } from "../views/favicon-ico";
import { qrCodeFor } from "../views/qr-code";

const YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The fixes in the catalog's own (iPhone) words. */
const FIXES = PLAYBOOK.map((fix) => ({ ...fix, ...catalogText(fix.id) }));

/** What worked for the commonest problem (not delivered, to everyone, on an iPhone); nothing when the database can't say. */
async function commonWorked(db: D1Database, now: Date): Promise<WorkedTable | undefined> {
  try {
    return await readWorked(db, { symptom: "not_delivered", scope: "everyone", platform: "iOS" }, now);
  } catch {
    return undefined;
  }
}

export const landingRoutes = createRouter()
  .get("/", async (c) => {
    const now = new Date();
    // Answers from the cached snapshot; only a cold isolate with no snapshot reads Apple (bounded at 1.5 s).
    const ctx = c.executionCtx as ExecutionContext;
    const region = regionOf(c.req.raw);
    const [{ verdict }, crowd, worked] = await Promise.all([currentStatus(c.env, ctx, now), crowdStatus(c.env, ctx, region), commonWorked(c.env.DB, now)]);
    // Charts: the caller's country, worldwide, and up to two other countries with a raised verdict.
    const raised = crowd.regions.map((r) => r.region).filter((r) => r !== region);
    const charts = await crowdCharts(c.env, ctx, [...new Set([region, null, ...raised.slice(0, 2)])]);
    const pageUrl = `${new URL(c.req.url).origin}/`;
    // Short: the verdict moves at most every 5 minutes; "unknown" is worth retrying sooner.
    c.header("cache-control", verdict.status === "unknown" ? "public, max-age=10" : "public, max-age=60");
    return c.html(
      <>
        {raw("<!doctype html>")}
        <LandingPage
          verdict={verdict}
          now={now}
          shortcuts={SHORTCUTS}
          playbook={FIXES.map((fix) => ({ ...fix, worked: workedFor(worked, fix.id) }))}
          pageUrl={pageUrl}
          qr={qrCodeFor(pageUrl)}
          crowd={{ verdict: crowd.crowd, regions: crowd.regions, charts }}
        />
      </>,
    );
  })
  .get("/styles.css", (c) => {
    // The page links /styles.css?v=<hash of this CSS>: that URL never changes content, so it can be kept a year.
    const current = c.req.query("v") === LANDING_CSS_VERSION;
    c.header("content-type", "text/css; charset=utf-8");
    c.header("cache-control", current ? `public, max-age=${YEAR_SECONDS}, immutable` : "public, max-age=300");
    return c.body(LANDING_CSS);
  })
  .get("/favicon.svg", (c) => {
    c.header("content-type", "image/svg+xml");
    c.header("cache-control", "public, max-age=86400");
    return c.body(FAVICON_SVG);
  })
  // Browsers ask for /favicon.ico whatever the page links (and on any JSON URL too): the same icon.
  .get("/favicon.ico", (c) => {
    c.header("content-type", "image/x-icon");
    c.header("cache-control", "public, max-age=86400");
    return c.body(FAVICON_ICO);
  });
