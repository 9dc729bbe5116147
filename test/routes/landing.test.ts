// GET / (the landing page), its stylesheet, and GET /shortcuts/{file}.shortcut, through the real app
// with the real ASSETS binding (shortcuts/dist, from wrangler.toml's [assets]).
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { PLAYBOOK } from "../../src/domain/playbook";
import type { AppleVerdict } from "../../src/domain/types";
import type { Bindings } from "../../src/env";
import worker from "../../src/index";
import { shortcutFileRoutesFor } from "../../src/routes/shortcut-files";
import { resetIsolateStatusState } from "../../src/services/apple-status";
import { refreshFeeds } from "../../src/services/refresh";
import { SHORTCUTS, type ShortcutEntry } from "../../src/services/shortcut-catalog";
import { SNAPSHOT_KEY } from "../../src/storage/status-cache";
import { forgetWorkedCache } from "../../src/storage/fix-outcomes";
import { LANDING_CSS_VERSION } from "../../src/views/landing-css";
import { duration, LandingPage, relativeAge, RISK_TAGS, splitSummary } from "../../src/views/landing-page";
import { qrCodeFor } from "../../src/views/qr-code";

const FIXTURES = "http://fixtures.test";

/** The Worker's bindings with Apple's feeds pointed at served fixtures (or at nothing: 502). */
function feeds(consumer: string | null, developer: string | null = "apple-status/developer-no-events.json"): Bindings {
  return {
    ...env,
    APPLE_STATUS_URL: consumer ? `${FIXTURES}/${consumer}` : `${FIXTURES}/missing/consumer.json`,
    APPLE_DEVELOPER_STATUS_URL: developer ? `${FIXTURES}/${developer}` : `${FIXTURES}/missing/developer.json`,
  };
}

async function get(path: string, bindings: Bindings = feeds("apple-status/consumer-2021-no-events.json"), init?: RequestInit) {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`http://delivered.test${path}`, init), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

async function page(bindings?: Bindings) {
  const response = await get("/", bindings);
  expect(response.status).toBe(200);
  return { response, html: await response.text() };
}

const count = (html: string, pattern: RegExp) => [...html.matchAll(pattern)].length;
const escapeHtml = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

beforeEach(async () => {
  await env.STATUS.delete(SNAPSHOT_KEY);
  resetIsolateStatusState();
});

describe("GET /", () => {
  it("is one valid, labelled document: doctype, lang, viewport, one h1, landmarks, labelled sections", async () => {
    const { response, html } = await page();
    expect(response.headers.get("content-type")).toMatch(/^text\/html; charset=utf-8$/i);
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    expect(response.headers.get("x-request-id")).toBeTruthy();
    expect(html.startsWith("<!doctype html><html lang=\"en\">")).toBe(true);
    expect(html).toContain('<meta charset="utf-8"/>');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    expect(count(html, /<h1[\s>]/g)).toBe(1);
    for (const landmark of ["header", "nav", "main", "footer"]) expect(count(html, new RegExp(`<${landmark}[\\s>]`, "g")), landmark).toBe(1);
    expect(html).toMatch(/<nav aria-label="[^"]+">/);
    // Every section is labelled by a heading that exists.
    const sections = [...html.matchAll(/<section[^>]*aria-labelledby="([^"]+)"/g)].map((m) => m[1]);
    expect(sections).toHaveLength(4);
    for (const id of sections) expect(html).toMatch(new RegExp(`<h[12] id="${id}">`));
    expect(count(html, /<section[\s>]/g)).toBe(4);
    // Ids are unique (labels and in-page links rely on it).
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    // In-page navigation points at real targets.
    for (const [, target] of html.matchAll(/href="#([^"]+)"/g)) expect(ids).toContain(target);
  });

  it("runs no script and has no inline style, under a CSP that allows neither", async () => {
    const { response, html } = await page();
    const csp = response.headers.get("content-security-policy") ?? "";
    const directives = new Map(csp.split(";").map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1)] as const));
    expect(directives.get("default-src")).toEqual(["'none'"]);
    expect(directives.get("style-src")).toEqual(["'self'"]);
    expect(directives.has("script-src")).toBe(false); // falls back to default-src 'none'
    expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
    expect(directives.get("base-uri")).toEqual(["'none'"]);
    expect(csp).not.toContain("unsafe-inline");
    expect(html).not.toMatch(/<script|<style|\sstyle="|\son[a-z]+="/i);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("links a versioned stylesheet that is served as CSS and kept for a year, with dark mode", async () => {
    const { html } = await page();
    const href = /<link rel="stylesheet" href="([^"]+)"\/>/.exec(html)?.[1];
    expect(href).toBe(`/styles.css?v=${LANDING_CSS_VERSION}`);
    const css = await get(href!);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(css.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const text = await css.text();
    expect(text).toContain("@media (prefers-color-scheme: dark)");
    // An old or missing version is served too, but not kept long.
    expect((await get("/styles.css?v=00000000")).headers.get("cache-control")).toBe("public, max-age=300");
    const icon = await get("/favicon.svg");
    expect(icon.headers.get("content-type")).toBe("image/svg+xml");
    expect(await icon.text()).toMatch(/^<svg /);
  });

  it("shows Apple's no-incident verdict in Apple's words, with the time of the check, matching /v1/status", async () => {
    const { html } = await page();
    const status = (await (await get("/v1/status")).json()) as { apple: AppleVerdict };
    expect(status.apple.status).toBe("no_incident");
    expect(html).toContain('<div class="verdict" data-status="no_incident">');
    expect(status.apple.summary).toBe("Apple reports no incident for iMessage.");
    expect(html).toContain(`<p class="verdict-headline">Apple reports no incident for iMessage.</p>`);
    expect(html).not.toContain('class="verdict-detail"');
    expect(status.apple.checkedAt).toBeTruthy();
    const checkedAt = status.apple.checkedAt!;
    // How long ago, as people say it; the exact time (UTC) in the datetime and the tooltip.
    expect(html).toContain(`Last checked <time datetime="${checkedAt}" title="${checkedAt.replace(/\.\d{3}Z$/, "Z")} (UTC)">just now</time>.`);
    expect(html).toContain("doesn&#39;t prove iMessage works");
    expect(html).not.toContain('class="stale"');
  });

  it("says an ongoing outage plainly", async () => {
    const { html } = await page(feeds("apple-status/derived-consumer-imessage-outage-ongoing.json"));
    expect(html).toContain('data-status="outage"');
    expect(html).toMatch(/<p class="verdict-headline">Apple reports an ongoing iMessage outage since [^<]+\.<\/p>/);
    expect(html).toContain("<strong>iMessage</strong>: outage, ongoing");
    expect(html).toContain("Send as Text Message");
  });

  it("admits when Apple's status could not be read, and asks browsers to retry sooner", async () => {
    const { response, html } = await page(feeds(null, null));
    expect(html).toContain('data-status="unknown"');
    expect(html).toContain(`<p class="verdict-headline">Apple&#39;s status could not be checked right now.</p>`);
    expect(html).toContain("Apple&#39;s status page hasn&#39;t been read yet.");
    expect(response.headers.get("cache-control")).toBe("public, max-age=10");
  });

  it("marks an old snapshot as possibly out of date, with its age", async () => {
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    const bindings = feeds("apple-status/consumer-2021-no-events.json");
    await refreshFeeds(bindings, twoHoursAgo, { versions: false });
    resetIsolateStatusState();
    // Apple unreachable now: the stored snapshot is all there is.
    const { html } = await page(feeds(null, null));
    expect(html).toContain('data-status="no_incident"');
    expect(html).toContain(`<time datetime="${twoHoursAgo.toISOString()}" title="${twoHoursAgo.toISOString().replace(/\.\d{3}Z$/, "Z")} (UTC)">2 hours ago</time>.`);
    expect(html).toContain('<p class="stale">');
  });

  it("lists the whole playbook in GET /v1/playbook's order, each fix with its steps and warning", async () => {
    const { html } = await page();
    const playbook = (await (await get("/v1/playbook")).json()) as { id: string; steps: string[]; warning: string | null }[];
    const onPage = [...html.matchAll(/data-fix-id="([^"]+)"/g)].map((m) => m[1]);
    expect(onPage).toEqual(playbook.map((fix) => fix.id));
    expect(onPage).toHaveLength(PLAYBOOK.length);
    for (const fix of playbook) {
      const item = html.slice(html.indexOf(`data-fix-id="${fix.id}"`));
      const body = item.slice(0, item.indexOf("</details>"));
      for (const step of fix.steps) expect(body).toContain(`<li>${escapeHtml(step)}</li>`);
      if (fix.warning) expect(body).toContain(escapeHtml(fix.warning));
      // Closed, a fix says how many steps it has and how long it takes.
      const summary = body.slice(body.indexOf("<summary>"), body.indexOf("</summary>"));
      expect(summary).toMatch(new RegExp(`<span class="minutes">${fix.steps.length} steps? · about \\d+ (min|hours?)</span>`));
    }
  });

  it("tags the fixes that sign out, lose data, cost money or erase, before they are opened", async () => {
    const { html } = await page();
    for (const fix of PLAYBOOK) {
      const item = html.slice(html.indexOf(`data-fix-id="${fix.id}"`));
      const summary = item.slice(0, item.indexOf("</summary>"));
      const tag = RISK_TAGS[fix.risk];
      if (tag) expect(summary, fix.id).toContain(`<span class="risk">${tag}</span>`);
      else expect(summary, fix.id).not.toContain('class="risk"');
    }
    expect(Object.values(RISK_TAGS)).toEqual(["signs you out", "may lose data", "may cost money", "erases the iPhone"]);
    expect(html).toContain('data-fix-id="dfu-restore"');
  });

  it("says what worked for people with the commonest problem, from 20 people on", async () => {
    await env.DB.prepare("DELETE FROM fix_outcomes").run();
    const put = (fix: string, people: number, fixed: number) =>
      env.DB.prepare("INSERT INTO fix_outcomes (symptom, scope, platform, fix, people, fixed) VALUES ('not_delivered', 'everyone', 'iOS', ?, ?, ?)").bind(fix, people, fixed).run();
    await put("force-restart", 212, 87);
    await put("toggle-imessage", 19, 19);
    forgetWorkedCache();
    const { html } = await page();
    const summary = (id: string) => {
      const item = html.slice(html.indexOf(`data-fix-id="${id}"`));
      return item.slice(0, item.indexOf("</summary>"));
    };
    expect(summary("force-restart")).toContain("fixed it for 41% of 212 people");
    expect(summary("toggle-imessage")).not.toContain("fixed it for");
    await env.DB.prepare("DELETE FROM fix_outcomes").run();
    forgetWorkedCache();
  });

  it("offers every built Shortcut, and says honestly that unsigned files won't import on iOS", async () => {
    const { html } = await page();
    expect(SHORTCUTS.length).toBeGreaterThanOrEqual(3);
    for (const shortcut of SHORTCUTS) {
      expect(html).toContain(`href="/shortcuts/${shortcut.slug}.shortcut"`);
      expect(html).toContain(`<h3>${escapeHtml(shortcut.name)}</h3>`);
      expect(html).toContain(escapeHtml(shortcut.sends));
      expect(html).toContain(shortcut.sha256);
    }
    const unsigned = SHORTCUTS.filter((s) => s.signedFile === null);
    if (unsigned.length > 0) {
      expect(html).toContain("Signed release pending.");
      expect(html).toContain("Importing unsigned shortcut files is not supported");
      expect(html).toContain("<code>docs/shortcuts.md</code>");
      expect(count(html, /data-signed="false"/g)).toBe(unsigned.length);
    } else {
      expect(html).not.toContain("Signed release pending.");
    }
  });

  it("shows a QR code of the page's own address, drawn inline", async () => {
    const { html } = await page();
    expect(html).toContain("<title id=\"qr-title\">QR code for http://delivered.test/</title>");
    const code = qrCodeFor("http://delivered.test/");
    expect(html).toContain(`viewBox="0 0 ${code.size} ${code.size}"`);
    expect(html).toContain(`<path d="${code.path}" fill="#000000">`);
  });
});

describe("the landing page view", () => {
  const signed: ShortcutEntry = {
    slug: "fix-imessage",
    name: "Fix iMessage",
    version: "1.2.0",
    description: "The guided repair.",
    sends: "Your iOS version.",
    unsignedFile: "fix-imessage.shortcut",
    signedFile: "signed/fix-imessage.shortcut",
    sha256: "ab".repeat(32),
  };
  const verdict: AppleVerdict = { status: "degraded", summary: "Apple reports an ongoing iMessage issue since 10:12 UTC.", events: [], checkedAt: "2026-11-27T10:20:00.000Z", stale: false, ageSeconds: 300 };
  const render = async (shortcuts: ShortcutEntry[]) =>
    String(await LandingPage({ verdict, now: new Date("2026-11-27T10:25:00Z"), shortcuts, playbook: PLAYBOOK, pageUrl: "https://x.test/", qr: qrCodeFor("https://x.test/") }));

  it("offers an Install button and no signing note once every Shortcut is signed", async () => {
    const html = await render([signed]);
    expect(html).toContain('<a class="button" href="/shortcuts/fix-imessage.shortcut" download="Fix iMessage.shortcut" data-signed="true">Install Fix iMessage</a>');
    expect(html).toContain("tap Add Shortcut");
    expect(html).not.toContain("Signed release pending.");
    expect(html).toContain(`<p class="verdict-headline">${verdict.summary}</p>`);
    expect(html).toContain('title="2026-11-27T10:20:00Z (UTC)">5 minutes ago</time>.');
  });

  it("says when some Shortcuts are signed and others not yet", async () => {
    const html = await render([signed, { ...signed, slug: "is-imessage-down", name: "Is iMessage Down", signedFile: null }]);
    expect(html).toContain("some of these aren&#39;t signed yet");
    expect(count(html, /data-signed="true"/g)).toBe(1);
    expect(count(html, /data-signed="false"/g)).toBe(1);
  });

  it("says so when no Shortcut is built", async () => {
    expect(await render([])).toContain("The Shortcuts aren&#39;t built in this deployment yet.");
  });

  it("splits Apple's verdict into a headline sentence and the detail after it", () => {
    expect(splitSummary("Apple reports no incident for iMessage.")).toEqual({ headline: "Apple reports no incident for iMessage.", detail: null });
    expect(splitSummary("Apple reports no incident for iMessage. It reports an ongoing FaceTime outage since 10:12 UTC. An iMessage issue ended at 09:00 UTC.")).toEqual({
      headline: "Apple reports no incident for iMessage.",
      detail: "It reports an ongoing FaceTime outage since 10:12 UTC. An iMessage issue ended at 09:00 UTC.",
    });
  });

  it("shows the detail of a verdict under its headline", async () => {
    const html = String(
      await LandingPage({
        verdict: { ...verdict, status: "no_incident", summary: "Apple reports no incident for iMessage. It reports an ongoing FaceTime outage since 10:12 UTC." },
        now: new Date("2026-11-27T10:25:00Z"),
        shortcuts: [],
        playbook: PLAYBOOK,
        pageUrl: "https://x.test/",
        qr: qrCodeFor("https://x.test/"),
      }),
    );
    expect(html).toContain('<p class="verdict-headline">Apple reports no incident for iMessage.</p><p class="verdict-detail">It reports an ongoing FaceTime outage since 10:12 UTC.</p>');
  });

  it("words durations and ages the way people say them", () => {
    expect(duration(1)).toBe("about 1 min");
    expect(duration(45)).toBe("about 45 min");
    expect(duration(60)).toBe("about 1 hour");
    expect(duration(90)).toBe("about 90 min");
    expect(duration(120)).toBe("about 2 hours");
    const now = new Date("2026-11-27T12:00:00Z");
    const ago = (ms: number) => relativeAge(new Date(now.getTime() - ms), now);
    expect(ago(20_000)).toBe("just now");
    expect(ago(60_000)).toBe("1 minute ago");
    expect(ago(45 * 60_000)).toBe("45 minutes ago");
    expect(ago(3 * 3600_000)).toBe("3 hours ago");
    expect(ago(3 * 86400_000)).toBe("3 days ago");
  });
});

describe("the QR code", () => {
  it("has the three finder patterns where a scanner looks for them", () => {
    const code = qrCodeFor("https://delivered.example.workers.dev/");
    // Version 3 (29 modules) fits this URL at level M; 4 modules of quiet zone on each side.
    expect(code.size).toBe(29 + 8);
    const far = code.size - 4 - 7;
    // Each finder's top edge is a run of 7 dark modules.
    expect(code.path).toContain("M4 4h7v1h-7z");
    expect(code.path).toContain(`M${far} 4h7v1h-7z`);
    expect(code.path).toContain(`M4 ${far}h7v1h-7z`);
    expect(qrCodeFor("https://delivered.example.workers.dev/")).toBe(code); // cached
  });
});

describe("GET /shortcuts/{file}.shortcut", () => {
  it("serves each built file as an attachment named after its Siri phrase, byte for byte", async () => {
    for (const shortcut of SHORTCUTS) {
      const response = await get(`/shortcuts/${shortcut.slug}.shortcut`);
      expect(response.status, shortcut.slug).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/octet-stream");
      expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${shortcut.name}.shortcut"`);
      expect(response.headers.get("x-shortcut-signed")).toBe(shortcut.signedFile ? "true" : "false");
      const bytes = await response.arrayBuffer();
      if (!shortcut.signedFile) {
        expect(new TextDecoder().decode(bytes.slice(0, 8))).toBe("bplist00");
        expect(await sha256Hex(bytes)).toBe(shortcut.sha256);
      } else {
        expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe("AEA1");
      }
    }
  });

  it("answers unknown files with the error envelope", async () => {
    for (const path of ["/shortcuts/nope.shortcut", "/shortcuts/manifest.json", "/shortcuts/Fix%20iMessage.shortcut", "/shortcuts/signed%2Ffix-imessage.shortcut"]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("not_found");
      expect(body.error.message.length).toBeGreaterThan(10);
    }
    // The assets are only reachable through the route (run_worker_first).
    expect((await get("/fix-imessage.shortcut")).status).toBe(404);
    expect((await get("/manifest.json")).status).toBe(404);
  });

  it("prefers the signed file when the manifest lists one", async () => {
    const requested: string[] = [];
    const assets = {
      fetch: async (input: RequestInfo | URL) => {
        requested.push(new URL(input instanceof Request ? input.url : input).pathname);
        return new Response(new Uint8Array([0x41, 0x45, 0x41, 0x31]), { headers: { etag: '"abc"' } });
      },
      connect: () => {
        throw new Error("not used");
      },
    } as unknown as Fetcher;
    const [first] = SHORTCUTS;
    const app = createApp().route("/", shortcutFileRoutesFor([{ ...first!, signedFile: `signed/${first!.slug}.shortcut` }]));
    const response = await app.request(`/shortcuts/${first!.slug}.shortcut`, {}, { ...env, ASSETS: assets });
    expect(response.status).toBe(200);
    expect(requested).toEqual([`/signed/${first!.slug}.shortcut`]);
    expect(response.headers.get("x-shortcut-signed")).toBe("true");
    expect(response.headers.get("etag")).toBe('"abc"');
  });

  it("answers 404, not a fault, when the manifest lists a file the deployment lacks", async () => {
    const [first] = SHORTCUTS;
    const app = createApp().route("/", shortcutFileRoutesFor([{ ...first!, signedFile: "signed/not-there.shortcut" }]));
    const response = await app.request(`/shortcuts/${first!.slug}.shortcut`, {}, env);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  it("is described in /openapi.json as a binary download", async () => {
    const doc = (await (await get("/openapi.json")).json()) as { paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, unknown> }> } }> };
    const route = doc.paths["/shortcuts/{file}"]?.get;
    expect(route?.responses["200"]?.content).toHaveProperty("application/octet-stream");
    expect(route?.responses).toHaveProperty("404");
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const [first] = SHORTCUTS;
    const etag = (await get(`/shortcuts/${first!.slug}.shortcut`)).headers.get("etag");
    expect(etag).toBeTruthy();
    const again = await get(`/shortcuts/${first!.slug}.shortcut`, undefined, { headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get("content-disposition")).toBe(`attachment; filename="${first!.name}.shortcut"`);
  });
});
