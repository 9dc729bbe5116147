// The landing page in a real browser: Debian's Chromium, driven by playwright-core, against the
// Worker running locally (wrangler's test harness on 127.0.0.1, local KV, the real ASSETS), with
// Apple's feeds served from test/fixtures by a server on 127.0.0.1.
//
// Screenshots go to a temp directory on every run; with UPDATE_SCREENSHOTS=1 they replace
// docs/landing.png and docs/landing-dark.png (look at them before committing).
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseBinaryPlist } from "@plist/binary.parse";
import { HtmlValidate } from "html-validate";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestHarness, type TestHarness } from "wrangler";
import manifest from "../../shortcuts/dist/manifest.json" with { type: "json" };
import { verifySignedShortcut } from "../../shortcuts/src/aea/signed-shortcut.ts";
import { serveTestOrigin } from "../support/test-origin.ts";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = join(import.meta.dirname, "..", "..");
const CI = Boolean(process.env.CI);
const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === "1";
const SCREENSHOT_DIR = UPDATE_SCREENSHOTS ? join(ROOT, "docs") : join(tmpdir(), "delivered-e2e");

// In CI the browser must be there (scripts/install-browser.sh); on a workstation without it, say how to get it.
const browserMissing = !existsSync(CHROMIUM);
if (browserMissing && CI) throw new Error(`${CHROMIUM} is missing in CI: run scripts/install-browser.sh before the tests.`);
const describeInBrowser = browserMissing ? describe.skip : describe;
if (browserMissing) console.warn(`Skipping the browser test of the landing page: ${CHROMIUM} is missing. Install it with: sh scripts/install-browser.sh`);

/** The crowd counters' namespace as getEnv() hands it to Node (RPC through a proxy). */
interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: unknown): { stats(): Promise<unknown>; verdict(region: string): Promise<unknown> };
}

interface StatusBody {
  apple: { status: string; summary: string; checkedAt: string | null; stale: boolean };
}

/** Apple's feeds (and the iOS version feed) as captured in test/fixtures, on 127.0.0.1 only. */
async function startFixtureOrigin(): Promise<{ server: Server; origin: string }> {
  const server = createServer(async (req, res) => {
    // test-origin.ts answers for the fixtures host the workerd tests use; the path is what matters.
    const answer = await serveTestOrigin(new Request(`http://fixtures.test${req.url ?? "/"}`));
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

// What the functions below use of the page's DOM (this file is type-checked for Node, without the DOM lib).
interface PageElement {
  parentElement: PageElement | null;
}
interface PageWindow {
  document: { body: PageElement; querySelectorAll(selector: string): ArrayLike<PageElement> };
  getComputedStyle(element: PageElement): Record<string, string>;
}

/** A computed style property of the first element matching `selector`. */
async function computedStyle(page: Page, selector: string, property: string): Promise<string> {
  return page.evaluate(
    ([selector, property]) => {
      const win = globalThis as unknown as PageWindow;
      const element = win.document.querySelectorAll(selector)[0];
      return element ? (win.getComputedStyle(element)[property] ?? "") : "(no element)";
    },
    [selector, property] as const,
  );
}

/** WCAG 2 contrast of each listed element's text against the background it is drawn on. */
async function contrastRatios(page: Page, selectors: string[]): Promise<{ selector: string; ratio: number }[]> {
  return page.evaluate((list) => {
    const win = globalThis as unknown as PageWindow;
    const channel = (c: number) => {
      const s = c / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    const rgba = (css: string | undefined) => (css?.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const background = (element: PageElement | null): number[] => {
      for (let e = element; e; e = e.parentElement) {
        const [r = 0, g = 0, b = 0, a = 1] = rgba(win.getComputedStyle(e).backgroundColor);
        if (a > 0) return [r, g, b];
      }
      return [255, 255, 255];
    };
    return list.flatMap((selector) =>
      Array.from(win.document.querySelectorAll(selector))
        .slice(0, 3)
        .map((element) => {
          const text = luminance(rgba(win.getComputedStyle(element).color));
          const back = luminance(background(element));
          return { selector, ratio: (Math.max(text, back) + 0.05) / (Math.min(text, back) + 0.05) };
        }),
    );
  }, selectors);
}

const TEXT_SELECTORS = [
  "body",
  ".brand",
  "nav a",
  "h1",
  ".verdict-headline",
  ".verdict .checked",
  "main p.muted",
  "main p.muted a",
  ".notice p",
  ".card h3",
  ".card dd",
  ".card .actions a",
  ".qr figcaption",
  ".privacy li",
  ".playbook .rank",
  ".playbook .title",
  ".playbook .risk",
  ".playbook .minutes",
  "footer.site p",
  "footer.site a",
  ".crowd-headline",
  ".crowd-advice",
  ".crowd-chart figcaption",
  ".crowd-legend li",
  ".crowd-about",
];

let fixtures: { server: Server; origin: string };
let worker: TestHarness;
let base: URL;

beforeAll(async () => {
  // No Cloudflare account or network here: use miniflare's placeholder request.cf.
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  fixtures = await startFixtureOrigin();
  worker = createTestHarness({
    root: ROOT,
    workers: [
      {
        configPath: "./wrangler.toml",
        vars: {
          APPLE_STATUS_URL: `${fixtures.origin}/apple-status/consumer-2021-no-events.json`,
          APPLE_DEVELOPER_STATUS_URL: `${fixtures.origin}/apple-status/developer-no-events.json`,
          IOS_VERSIONS_URL: `${fixtures.origin}/ios-versions/gdmf-pmv-2026-08-22.json`,
          RATE_LIMIT: "off",
          // The crowd test below needn't wait 10 s for the isolate's copies of the crowd verdict.
          CROWD_CACHE_MS: "1000",
          // Answers of /v1/status change within a test (the crowd verdict): not from the location's cache.
          STATUS_CACHE: "off",
        },
      },
    ],
  });
  base = (await worker.listen()).url;
  expect(base.hostname).toBe("127.0.0.1");
  // The cron's refresh fills KV, as in production: the page then answers from the snapshot.
  await worker.getWorker().scheduled({ cron: "*/5 * * * *", scheduledTime: new Date() });
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await new Promise((resolve) => fixtures?.server.close(resolve));
});

describe("the landing page's HTML", () => {
  it("conforms to the HTML standard and html-validate's accessibility rules", async () => {
    const response = await fetch(new URL("/", base));
    expect(response.status).toBe(200);
    const validator = new HtmlValidate({ extends: ["html-validate:standard", "html-validate:a11y"] });
    const report = await validator.validateString(await response.text());
    const messages = report.results.flatMap((result) => result.messages.map((m) => `${m.ruleId} (${m.line}:${m.column}): ${m.message}`));
    expect(messages).toEqual([]);
    expect(report.valid).toBe(true);
  });
});

describeInBrowser("the landing page in Chromium", () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    await mkdir(SCREENSHOT_DIR, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** A fresh context that records every console error, page error and failed or 4xx/5xx request. */
  async function openPage(options: { colorScheme: "light" | "dark"; javaScriptEnabled?: boolean; width?: number }) {
    const context: BrowserContext = await browser.newContext({
      colorScheme: options.colorScheme,
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      viewport: { width: options.width ?? 1280, height: 1000 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ""}`));
    page.on("response", (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    const response = await page.goto(new URL("/", base).href, { waitUntil: "load" });
    expect(response?.status()).toBe(200);
    return { context, page, problems };
  }

  it("loads cleanly, with landmarks, and shows the same verdict as /v1/status", async () => {
    const { context, page, problems } = await openPage({ colorScheme: "light" });
    try {
      const status = (await (await fetch(new URL("/v1/status", base))).json()) as StatusBody;
      expect(status.apple.status).toBe("no_incident");

      const verdict = page.locator(".verdict");
      await expect.poll(() => verdict.getAttribute("data-status")).toBe(status.apple.status);
      // The headline and its detail, read back, are Apple's verdict word for word.
      const shown = await verdict.locator(".verdict-headline, .verdict-detail").allInnerTexts();
      expect(shown.join(" ")).toBe(status.apple.summary);
      expect(shown[0]).toBe("Apple reports no incident for iMessage.");
      expect(await verdict.locator("time").getAttribute("datetime")).toBe(status.apple.checkedAt);
      expect(await verdict.locator(".checked").innerText()).toMatch(/^Last checked (just now|\d+ minutes? ago)\.$/);
      expect(await verdict.locator("time").getAttribute("title")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(UTC\)$/);

      // What assistive technology sees, as the browser computes it.
      expect(await page.getByRole("banner").count()).toBe(1);
      expect(await page.getByRole("navigation").count()).toBe(1);
      expect(await page.getByRole("main").count()).toBe(1);
      expect(await page.getByRole("contentinfo").count()).toBe(1);
      expect(await page.getByRole("heading", { level: 1 }).allInnerTexts()).toEqual(["Is iMessage down right now?"]);
      for (const name of ["Is iMessage down right now?", "Get the Shortcuts", "What they send, in plain words", "Every fix, from harmless to drastic"]) {
        expect(await page.getByRole("region", { name }).count(), name).toBe(1);
      }
      expect(await page.getByRole("img", { name: `QR code for ${base.href}` }).isVisible()).toBe(true);

      // The stylesheet applied (the CSP let it through): the verdict box is styled.
      expect(await computedStyle(page, ".verdict", "borderTopStyle")).toBe("solid");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("downloads every install link as a file that parses, named after the Siri phrase", async () => {
    const { context, page, problems } = await openPage({ colorScheme: "light" });
    try {
      const links = page.locator('a[href^="/shortcuts/"]');
      expect(await links.count()).toBe(manifest.shortcuts.length);
      for (const entry of manifest.shortcuts) {
        const link = page.locator(`a[href="/shortcuts/${entry.slug}.shortcut"]`);
        const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
        expect(download.suggestedFilename()).toBe(`${entry.name}.shortcut`);
        const bytes = await readFile((await download.path())!);
        const signed = (await link.getAttribute("data-signed")) === "true";
        expect(signed).toBe(entry.signedFile !== null);
        let plistBytes: Uint8Array = bytes;
        if (signed) {
          const report = verifySignedShortcut(new Uint8Array(bytes));
          expect(report.errors, entry.slug).toEqual([]);
          expect(report.ok).toBe(true);
          plistBytes = report.shortcutPlist!;
        }
        expect(createHash("sha256").update(plistBytes).digest("hex"), entry.slug).toBe(entry.sha256);
        const shortcut = parseBinaryPlist(plistBytes.buffer.slice(plistBytes.byteOffset, plistBytes.byteOffset + plistBytes.byteLength) as ArrayBuffer) as Record<string, unknown>;
        expect(Array.isArray(shortcut.WFWorkflowActions), entry.slug).toBe(true);
        expect((shortcut.WFWorkflowActions as unknown[]).length).toBeGreaterThan(0);
      }
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("works without JavaScript: the verdict shows and each fix opens to its steps", async () => {
    const { context, page, problems } = await openPage({ colorScheme: "light", javaScriptEnabled: false, width: 390 });
    try {
      expect(await page.locator(".verdict-headline").isVisible()).toBe(true);
      // On a phone the QR code (for desktop visitors) is hidden.
      expect(await page.locator(".qr").isVisible()).toBe(false);
      const playbook = (await (await fetch(new URL("/v1/playbook", base))).json()) as { id: string; title: string; steps: string[] }[];
      const items = page.locator(".playbook > li");
      expect(await items.count()).toBe(playbook.length);
      expect(await page.locator(".playbook .title").allInnerTexts()).toEqual(playbook.map((fix) => fix.title));
      const last = playbook.at(-1)!;
      const item = page.locator(`[data-fix-id="${last.id}"]`);
      expect(await item.getByText(last.steps[0]!, { exact: true }).isVisible()).toBe(false);
      await item.locator("summary").click();
      expect(await item.getByText(last.steps[0]!, { exact: true }).isVisible()).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  for (const colorScheme of ["light", "dark"] as const) {
    it(`reads well in ${colorScheme} mode (WCAG AA contrast) and is screenshotted`, async () => {
      const { context, page, problems } = await openPage({ colorScheme });
      try {
        const ratios = await contrastRatios(page, TEXT_SELECTORS);
        expect(new Set(ratios.map((r) => r.selector))).toEqual(new Set(TEXT_SELECTORS));
        const weak = ratios.filter((r) => r.ratio < 4.5).map((r) => `${r.selector}: ${r.ratio.toFixed(2)}`);
        expect(weak).toEqual([]);
        const background = await computedStyle(page, "body", "backgroundColor");
        expect(background).toBe(colorScheme === "dark" ? "rgb(18, 18, 20)" : "rgb(255, 255, 255)");

        const file = join(SCREENSHOT_DIR, colorScheme === "dark" ? "landing-dark.png" : "landing.png");
        // The first screen, as a visitor on a computer sees it: the verdict and the Shortcuts.
        const png = await page.screenshot({ fullPage: false });
        expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
        await writeFile(file, png);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  // Last: it raises the crowd verdict for the rest of this server's life (the screenshots above stay calm).
  it("shows what other iPhones report: 40 clean Fix iMessage starts from distinct addresses make it likely, charted, readable in both modes", { timeout: 120_000 }, async () => {
    const body = JSON.stringify({
      client: { shortcut: "fix-imessage", version: "1.1.0" },
      device: { osVersion: "26.1" },
      clock: { automatic: true },
      network: { type: "wifi", vpn: false, websitesLoad: true },
      storage: { freeRange: "over_5gb" },
      symptom: { kind: "not_delivered", scope: "everyone" },
    });
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        fetch(new URL("/v1/diagnose", base), { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": `198.51.100.${i + 1}` }, body }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    // The isolate flushes within 2 s; its copy of the verdict is at most 1 s old here (generous bounds: CI machines are busy).
    let crowd: { status: string } | undefined;
    try {
      await expect
        .poll(async () => (crowd = ((await (await fetch(new URL("/v1/status", base))).json()) as { crowd: { status: string } }).crowd).status, { timeout: 45_000, interval: 1000 })
        .toBe("likely");
    } catch (error) {
      // Say what the counter itself holds, to tell a lost batch from a stale copy.
      const env = (await worker.getWorker().getEnv()) as { CROWD: DurableObjectNamespaceLike };
      const counter = env.CROWD.get(env.CROWD.idFromName("country:US"));
      throw new Error(`${String(error)}; /v1/status crowd ${JSON.stringify(crowd)}; the counter: ${JSON.stringify(await counter.stats())}, ${JSON.stringify(await counter.verdict("US"))}`);
    }
    expect(crowd).toMatchObject({ status: "likely", reports: 40 });

    // The page's charts are read again once the isolate's copy is a second old.
    let html = "";
    await expect
      .poll(async () => (html = await (await fetch(new URL("/", base))).text()).includes('class="crowd-clean"'), { timeout: 30_000, interval: 1000 })
      .toBe(true);
    const validator = new HtmlValidate({ extends: ["html-validate:standard", "html-validate:a11y"] });
    const report = await validator.validateString(html);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);

    for (const colorScheme of ["light", "dark"] as const) {
      const { context, page, problems } = await openPage({ colorScheme });
      try {
        const crowd = page.locator(".crowd");
        expect(await crowd.getAttribute("data-status")).toBe("likely");
        expect(await crowd.locator(".crowd-headline").innerText()).toMatch(/^Many more iPhones than usual in .+ report iMessage failing right now: 40 in 15 minutes, about 2 is usual\.$/);
        const chart = page.getByRole("img", { name: /clean reports every 15 minutes over the last 24 hours/ }).first();
        expect(await chart.isVisible()).toBe(true);
        expect(await page.locator(".crowd-chart .crowd-clean").count()).toBeGreaterThan(0);
        expect(await page.locator(".crowd-chart .crowd-raised-likely").count()).toBeGreaterThan(0);
        const weak = (await contrastRatios(page, [".crowd-headline", ".crowd-advice", ".crowd-chart figcaption", ".crowd-legend li"])).filter((r) => r.ratio < 4.5);
        expect(weak.map((r) => `${r.selector}: ${r.ratio.toFixed(2)}`)).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });
});
