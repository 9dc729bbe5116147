// Apple's status, read right: the verdict and the findings it gives the engine.
// Pure: normalized feed events and a clock in, the contract's verdict.apple out.
import type { FeedEvent } from "./apple-feed";
import type { AppleStatus, SymptomKind } from "./ids";
import type { AppleEvent, AppleVerdict, Finding } from "./types";

/** The services whose incidents answer "is iMessage down?" (APNS is on the developer feed). */
export const MESSAGING_SERVICES = ["iMessage", "APNS"];
/** Sign-in and activation: they weigh on activation symptoms (Apple Account was "Apple ID" before late 2024). */
export const ACCOUNT_SERVICES = ["Apple Account", "Apple ID", "iCloud Account & Sign In", "iOS Device Activation"];
/** Shown alongside: FaceTime shares iMessage's sign-in and delivery backbone. */
const RELATED_SERVICES = ["FaceTime", ...ACCOUNT_SERVICES];

const ACTIVATION_SYMPTOMS: ReadonlySet<SymptomKind> = new Set(["waiting_for_activation", "activation_error"]);

/** An event resolved this recently may still explain a failure (playbook: 2 hours). */
export const RECENT_WINDOW_MS = 2 * 60 * 60 * 1000;
/**
 * A snapshot's checkedAt only moves on a content change or a 30-minute heartbeat (see
 * src/services/refresh.ts), so a healthy snapshot can look up to 30 + 5 minutes old; past 40 it is stale.
 */
export const STALE_AFTER_MS = 40 * 60 * 1000;

/** What the verdict is built from: each feed's last good read and when it was last confirmed. */
export interface FeedState {
  events: FeedEvent[];
  checkedAt: string;
}
export interface VerdictInput {
  consumer: FeedState | null;
  developer: FeedState | null;
}

export function unknownVerdict(reason = "Apple's status could not be checked right now."): AppleVerdict {
  return { status: "unknown", summary: reason, events: [], checkedAt: null, stale: false, ageSeconds: null };
}

const SEVERITY: Record<AppleStatus, number> = { outage: 4, degraded: 3, maintenance: 2, no_incident: 1, unknown: 0 };

function statusOf(statusType: string): AppleStatus {
  switch (statusType.toLowerCase()) {
    case "outage":
      return "outage";
    case "maintenance":
      return "maintenance";
    default:
      // Issue, Performance, and anything Apple adds later: something is wrong, short of an outage.
      return "degraded";
  }
}

const norm = (name: string) => name.toLowerCase();

/**
 * The verdict for `services` (default: iMessage and APNS). Only `ongoing` events are incidents;
 * events for related services (FaceTime, sign-in, activation) are listed too, and so are events
 * that ended within the last 2 hours, so appleFindings can see them.
 */
export function buildAppleVerdict(input: VerdictInput, now: Date, services: string[] = MESSAGING_SERVICES): AppleVerdict {
  const feeds = [input.consumer, input.developer].filter((f): f is FeedState => f !== null);
  if (feeds.length === 0) return unknownVerdict();

  const deciding = new Set(services.map(norm));
  const listed = new Set([...deciding, ...(services === MESSAGING_SERVICES ? RELATED_SERVICES.map(norm) : [])]);
  const events: (AppleEvent & { decides: boolean })[] = [];
  for (const feed of feeds) {
    for (const event of feed.events) {
      const touched = event.services.filter((s) => listed.has(norm(s.name)));
      if (touched.length === 0) continue;
      // The event's status for the services we watch (Apple can list one messageId as ongoing
      // under one service and completed under another).
      const ongoing = touched.some((s) => s.eventStatus === "ongoing");
      const eventStatus = ongoing ? "ongoing" : (touched[0]?.eventStatus ?? event.eventStatus);
      const recent = !ongoing && isEnded(eventStatus) && endedWithin(event.endedAt, now, RECENT_WINDOW_MS);
      if (!ongoing && !recent) continue;
      events.push({
        service: touched.map((s) => s.name).join(", "),
        statusType: event.statusType,
        eventStatus,
        message: event.message,
        startedAt: event.startedAt,
        endedAt: ongoing ? null : event.endedAt,
        decides: touched.some((s) => deciding.has(norm(s.name))),
      });
    }
  }
  events.sort((a, b) => Number(b.eventStatus === "ongoing") - Number(a.eventStatus === "ongoing") || SEVERITY[statusOf(b.statusType)] - SEVERITY[statusOf(a.statusType)]);

  const incidents = events.filter((e) => e.decides && e.eventStatus === "ongoing");
  const worst = incidents[0];
  // iMessage is on the consumer feed: without it, only an APNS incident can still be reported.
  let status: AppleStatus = worst ? statusOf(worst.statusType) : input.consumer ? "no_incident" : "unknown";
  for (const e of incidents) if (SEVERITY[statusOf(e.statusType)] > SEVERITY[status]) status = statusOf(e.statusType);

  const checkedAt = feeds.map((f) => f.checkedAt).sort()[0] ?? null;
  const ageMs = checkedAt ? Math.max(0, now.getTime() - Date.parse(checkedAt)) : null;
  const label = services === MESSAGING_SERVICES ? "iMessage" : services.join(", ");

  let summary: string;
  if (worst) {
    const more = incidents.length > 1 ? ` (and ${incidents.length - 1} more)` : "";
    summary = `Apple reports ${describeEvent(worst, now)}${more}.`;
  } else if (status === "unknown") {
    summary = "Apple's iMessage status could not be read right now.";
  } else {
    summary = `Apple reports no incident for ${label}.`;
    const others = events.filter((e) => e.eventStatus === "ongoing");
    if (others[0]) summary += ` It reports ${describeEvent(others[0], now)}.`;
    const ended = events.find((e) => e.decides && e.eventStatus !== "ongoing");
    if (ended?.endedAt) {
      const what = noun(ended.statusType);
      summary += ` ${capitalize(article(serviceLabel(ended.service)))} ${serviceLabel(ended.service)} ${what} ended at ${clockTime(ended.endedAt, now)}.`;
    }
  }

  return {
    status,
    summary,
    events: events.map(({ decides: _decides, ...e }) => e),
    checkedAt,
    stale: ageMs !== null && ageMs > STALE_AFTER_MS,
    ageSeconds: ageMs === null ? null : Math.floor(ageMs / 1000),
  };
}

function isEnded(eventStatus: string): boolean {
  return eventStatus === "resolved" || eventStatus === "completed";
}

function endedWithin(endedAt: string | null, now: Date, windowMs: number): boolean {
  if (!endedAt) return false;
  const ended = Date.parse(endedAt);
  return Number.isFinite(ended) && ended <= now.getTime() && now.getTime() - ended <= windowMs;
}

/** `apple-incident` / `apple-recent-incident` findings for this symptom. */
export function appleFindings(verdict: AppleVerdict, symptom: SymptomKind, now: Date): Finding[] {
  if (verdict.status === "unknown" && verdict.events.length === 0) return [];
  const weighs = new Set([...MESSAGING_SERVICES, ...(ACTIVATION_SYMPTOMS.has(symptom) ? ACCOUNT_SERVICES : [])].map(norm));
  // Watched names carry no ", ": splitting the joined service list is safe for them.
  const relevant = verdict.events.filter((e) => e.service.split(", ").some((name) => weighs.has(norm(name))));

  const ongoing = relevant
    .filter((e) => e.eventStatus === "ongoing")
    .sort((a, b) => SEVERITY[statusOf(b.statusType)] - SEVERITY[statusOf(a.statusType)]);
  const incident = ongoing[0];
  if (incident) {
    const message = incident.message ? `: ${withStop(incident.message)}` : ".";
    return [
      {
        id: "apple-incident",
        severity: statusOf(incident.statusType) === "outage" ? "high" : "medium",
        detail: `Apple reports ${describeEvent(incident, now)}${message}`,
      },
    ];
  }

  const recent = relevant.find((e) => isEnded(e.eventStatus) && endedWithin(e.endedAt, now, RECENT_WINDOW_MS));
  if (recent?.endedAt) {
    const minutesAgo = Math.max(1, Math.round((now.getTime() - Date.parse(recent.endedAt)) / 60_000));
    const message = recent.message ? ` Apple: ${withStop(recent.message)}` : "";
    return [
      {
        id: "apple-recent-incident",
        severity: "low",
        detail: `Apple reported ${article(serviceLabel(recent.service))} ${serviceLabel(recent.service)} ${noun(recent.statusType)} that ended at ${clockTime(recent.endedAt, now)} (${minutesAgo} minutes ago); some phones take a while to recover.${message}`,
      },
    ];
  }
  return [];
}

// ---- wording ------------------------------------------------------------------------------

function noun(statusType: string): string {
  switch (statusType.toLowerCase()) {
    case "outage":
      return "outage";
    case "maintenance":
      return "maintenance";
    case "performance":
      return "slowdown";
    default:
      return "issue";
  }
}

/** "an iMessage …", "a FaceTime …", "an Apple Account …". */
function article(phrase: string): string {
  return /^[aeiou]/i.test(phrase) ? "an" : "a";
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** "APNS" means nothing to most people. */
function serviceLabel(services: string): string {
  return services
    .split(", ")
    .map((name) => (name === "APNS" ? "push notification (APNS)" : name))
    .join(" and ");
}

/** "an ongoing iMessage outage since 10:12 UTC" */
function describeEvent(event: AppleEvent, now: Date): string {
  const what = noun(event.statusType);
  const since = event.startedAt ? ` since ${clockTime(event.startedAt, now)}` : "";
  const phrase = what === "maintenance" ? `ongoing ${serviceLabel(event.service)} maintenance` : `an ongoing ${serviceLabel(event.service)} ${what}`;
  return `${phrase}${since}`;
}

/** "10:12 UTC" today, "26 Apr 10:12 UTC" on another day, with the year when it differs. */
export function clockTime(iso: string, now: Date): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const hhmm = `${String(at.getUTCHours()).padStart(2, "0")}:${String(at.getUTCMinutes()).padStart(2, "0")} UTC`;
  if (at.toISOString().slice(0, 10) === now.toISOString().slice(0, 10)) return hhmm;
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][at.getUTCMonth()];
  const year = at.getUTCFullYear() === now.getUTCFullYear() ? "" : ` ${at.getUTCFullYear()}`;
  return `${at.getUTCDate()} ${month}${year} ${hhmm}`;
}

function withStop(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

// ---- what the widget and Siri say (GET /v1/status) ----------------------------------------

export const SAY_MAX = 200;
export const SHOW_MAX = 1200;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function describeAge(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return "just now";
  if (minutes < 90) return `${minutes} minute${minutes === 1 ? "" : "s"} ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} hours ago` : `${Math.round(hours / 24)} days ago`;
}

/** One or two sentences for Siri and the widget (≤ 200 characters). */
export function statusSay(verdict: AppleVerdict): string {
  const staleNote = verdict.stale && verdict.ageSeconds != null ? ` Last checked ${describeAge(verdict.ageSeconds)}.` : "";
  const head = verdict.summary.split(/(?<=\.)\s/)[0] ?? verdict.summary;
  switch (verdict.status) {
    case "outage":
    case "degraded":
    case "maintenance":
      return clip(`${head} It's not you: wait for Apple, then try again.${staleNote}`, SAY_MAX);
    case "no_incident":
      return clip(`${head} Apple sometimes posts late; if messages fail, run Fix iMessage.${staleNote}`, SAY_MAX);
    default:
      return clip(`${head} Run Fix iMessage to check your iPhone.`, SAY_MAX);
  }
}

/** The Show Result text: the verdict, each event Apple lists, and how fresh it is (≤ 1,200 characters). */
export function statusShow(verdict: AppleVerdict, now: Date): string {
  const lines = [verdict.summary];
  for (const event of verdict.events.slice(0, 5)) {
    const when = event.eventStatus === "ongoing"
      ? event.startedAt ? `since ${clockTime(event.startedAt, now)}` : "ongoing"
      : event.endedAt ? `ended ${clockTime(event.endedAt, now)}` : event.eventStatus;
    lines.push(`• ${event.service}: ${event.statusType}, ${when}${event.message ? ` — ${clip(event.message, 200)}` : ""}`);
  }
  if (verdict.checkedAt && verdict.ageSeconds != null) {
    lines.push(
      verdict.stale
        ? `Apple's status page was last read ${describeAge(verdict.ageSeconds)}; it could not be read since.`
        : "Apple's status page is checked every 5 minutes.",
    );
  }
  if (verdict.status === "no_incident") lines.push("Apple often posts late: no incident listed doesn't prove iMessage is working.");
  return clip(lines.join("\n"), SHOW_MAX);
}
