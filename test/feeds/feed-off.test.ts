// An empty feed URL turns that feed off: no request, no warning per read, the verdict `unknown`.
// `npm start` does this when Apple can't be reached, so an offline machine shows one calm line
// (scripts/dev.ts) instead of a failed read logged every time the status is asked for.
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FEED_OFF, fetchText } from "../../src/feeds/http";
import { currentStatus } from "../../src/services/apple-status";
import { refreshFeeds } from "../../src/services/refresh";
import { clearStatus, recordingContext } from "../support/status";

beforeEach(clearStatus);
afterEach(() => vi.restoreAllMocks());

describe("a feed whose URL is empty", () => {
  it("is not read and not reported as a failure", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const warn = vi.spyOn(console, "warn");
    expect(await fetchText("", 1_000)).toEqual({ ok: false, reason: FEED_OFF });
    const off = { ...env, APPLE_STATUS_URL: "", APPLE_DEVELOPER_STATUS_URL: "", IOS_VERSIONS_URL: "" };
    const report = await refreshFeeds(off, new Date());
    expect(report).toMatchObject({ wrote: false, consumer: "failed", developer: "failed", versions: "failed", snapshot: null });
    const { verdict } = await currentStatus(off, recordingContext(), new Date());
    expect(verdict.status).toBe("unknown");
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });
});
