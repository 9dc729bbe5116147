// Outbound reads of Apple's feeds: bounded in time and size, never throwing.

export type FetchTextResult = { ok: true; text: string } | { ok: false; reason: string };

/** Feeds are tens of KiB; anything far larger is not the feed. */
const MAX_FEED_BYTES = 2 * 1024 * 1024;

/** The reason given for a feed whose URL var is empty: turned off on purpose (`npm start` offline does this). */
export const FEED_OFF = "turned off (its URL is empty)";

export async function fetchText(url: string, timeoutMs: number): Promise<FetchTextResult> {
  if (!url) return { ok: false, reason: FEED_OFF };
  // One signal covers the connection and the body: a slow trickle times out too.
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, { signal, headers: { accept: "application/json, text/javascript;q=0.9, */*;q=0.1" } });
    if (!response.ok) {
      await response.body?.cancel();
      return { ok: false, reason: `HTTP ${response.status}` };
    }
    const declared = Number(response.headers.get("content-length") ?? "0");
    if (declared > MAX_FEED_BYTES) {
      await response.body?.cancel();
      return { ok: false, reason: `too large (${declared} bytes)` };
    }
    const text = await response.text();
    if (text.length > MAX_FEED_BYTES) return { ok: false, reason: `too large (${text.length} characters)` };
    return { ok: true, text };
  } catch (error) {
    if (signal.aborted) return { ok: false, reason: `timed out after ${timeoutMs} ms` };
    // e.g. a refused certificate (gdmf.apple.com uses Apple's private CA) or a reset connection.
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** One structured line per failed read: which feed, why. Feed URLs are public; no request data is logged. */
export function logFeedFailure(feed: string, url: string, reason: string): void {
  if (reason === FEED_OFF) return; // nothing failed: nobody asked for the feed
  console.warn(JSON.stringify({ level: "warn", event: "feed_unavailable", feed, url, reason }));
}
