// Apple System Status feed (system_status_en_US.js), read right: see the playbook notes.
// Pure: text in, normalized events out. Fetching lives in src/feeds/apple-status.ts.
import { z } from "zod";

export type FeedName = "consumer" | "developer";

/** One Apple event, counted once however many services list it. */
export interface FeedEvent {
  messageId: string;
  /** Outage | Issue | Performance | Maintenance (kept verbatim: Apple may add more). */
  statusType: string;
  /** ongoing when any service lists it as ongoing; else the status of its first listing. */
  eventStatus: string;
  /** Every service that lists it, with the status that service's listing gives (they can differ). */
  services: { name: string; eventStatus: string }[];
  message: string;
  startedAt: string | null;
  endedAt: string | null;
}

export interface ParsedFeed {
  serviceNames: string[];
  events: FeedEvent[];
}

export type ParseResult = { ok: true; feed: ParsedFeed } | { ok: false; reason: string };

// Unknown fields are dropped (z.object strips them); fields Apple sometimes nulls are nullish.
const EventSchema = z.object({
  messageId: z.union([z.string(), z.number()]).transform(String),
  statusType: z.string(),
  eventStatus: z.string(),
  message: z.string().nullish(),
  epochStartDate: z.number().nullish(),
  epochEndDate: z.number().nullish(),
  startDate: z.string().nullish(),
  endDate: z.string().nullish(),
  affectedServices: z.array(z.string()).nullish(),
});

const FeedSchema = z.object({
  services: z
    .array(z.object({ serviceName: z.string(), events: z.array(EventSchema).nullish() }))
    // Apple always lists every service: an empty list is a broken feed, not "no incident".
    .min(1, "the feed lists no services"),
});

/** Accepts bare JSON and the `jsonCallback({...});` wrapper (both feeds have used both). */
export function unwrapFeedText(text: string): string | null {
  const body = text.replace(/^\uFEFF/, "").trim();
  if (body.startsWith("{")) return body;
  const wrapped = /^jsonCallback\s*\(([\s\S]*)\)\s*;?$/.exec(body);
  return wrapped?.[1] ?? null;
}

export function parseAppleFeed(text: string): ParseResult {
  const json = unwrapFeedText(text);
  if (json === null) return { ok: false, reason: "neither JSON nor jsonCallback(...)" };
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return { ok: false, reason: "invalid JSON" };
  }
  // A feed we cannot read whole is refused whole: skipping one odd event could hide an iMessage outage.
  const parsed = FeedSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `unexpected shape: ${issue ? `${issue.path.join(".")} ${issue.message}` : "invalid"}` };
  }

  const byId = new Map<string, FeedEvent>();
  const serviceNames: string[] = [];
  for (const service of parsed.data.services) {
    const name = cleanName(service.serviceName);
    serviceNames.push(name);
    for (const raw of service.events ?? []) {
      const listed = [name, ...(raw.affectedServices ?? []).map(cleanName)];
      let event = byId.get(raw.messageId);
      if (!event) {
        event = {
          messageId: raw.messageId,
          statusType: cleanText(raw.statusType),
          eventStatus: raw.eventStatus.trim().toLowerCase(),
          services: [],
          message: cleanText(raw.message ?? ""),
          startedAt: toIso(raw.epochStartDate, raw.startDate),
          endedAt: toIso(raw.epochEndDate, raw.endDate),
        };
        byId.set(raw.messageId, event);
      }
      const status = raw.eventStatus.trim().toLowerCase();
      for (const serviceName of listed) {
        const existing = event.services.find((s) => s.name === serviceName);
        // A service's own listing is authoritative over another listing's affectedServices.
        if (!existing) event.services.push({ name: serviceName, eventStatus: status });
        else if (serviceName === name) existing.eventStatus = status;
      }
      if (status === "ongoing" && event.eventStatus !== "ongoing") {
        // The ongoing listing is the current one: take its wording and open end.
        event.eventStatus = "ongoing";
        event.message = cleanText(raw.message ?? "") || event.message;
        event.endedAt = null;
      }
    }
  }
  const events = [...byId.values()].sort((a, b) => a.messageId.localeCompare(b.messageId));
  return { ok: true, feed: { serviceNames, events } };
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", "#39": "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith("#x")) return safeCodePoint(Number.parseInt(lower.slice(2), 16)) ?? whole;
    if (lower.startsWith("#")) return safeCodePoint(Number.parseInt(lower.slice(1), 10)) ?? whole;
    return NAMED_ENTITIES[lower] ?? whole;
  });
}

function safeCodePoint(code: number): string | null {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : null;
}

function cleanText(text: string): string {
  return decodeEntities(text).replace(/\s+/g, " ").trim();
}

/** Service names: entities decoded, stray spaces gone ("iCloud Account &amp; Sign In " → "iCloud Account & Sign In"). */
export function cleanName(name: string): string {
  return cleanText(name);
}

/** Epoch milliseconds when Apple gives them; else the US Pacific date string ("04/26/2021 04:13 PDT"). */
function toIso(epochMs: number | null | undefined, pacific: string | null | undefined): string | null {
  if (typeof epochMs === "number" && Number.isFinite(epochMs) && epochMs > 0) return new Date(epochMs).toISOString();
  if (!pacific) return null;
  const match = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}) (PDT|PST)$/.exec(pacific.trim());
  if (!match) return null;
  const [, month, day, year, hour, minute, zone] = match;
  const offsetHours = zone === "PDT" ? 7 : 8;
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour) + offsetHours, Number(minute));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
