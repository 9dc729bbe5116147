// Apple System Status: one read of one feed, parsed, or the reason it could not be.
import { parseAppleFeed, type FeedName, type ParsedFeed } from "../domain/apple-feed";
import { fetchText, logFeedFailure } from "./http";

export type FeedResult = { ok: true; feed: ParsedFeed } | { ok: false; reason: string };

export async function fetchAppleFeed(name: FeedName, url: string, timeoutMs: number): Promise<FeedResult> {
  const fetched = await fetchText(url, timeoutMs);
  const result = fetched.ok ? parseAppleFeed(fetched.text) : fetched;
  if (!result.ok) logFeedFailure(`apple-status-${name}`, url, result.reason);
  return result;
}
