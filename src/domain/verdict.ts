// Apple's status, read right: the verdict and the findings it gives the engine.
// Pure: normalized feed events and a clock in, the contract's verdict.apple out.
import type { FeedEvent } from "./apple-feed";
import type { AppleStatus, SymptomKind } from "./ids";
import { describeDuration, localTime } from "./time-words";
import { place } from "./countries";
import type { AppleEvent, AppleVerdict, CrowdVerdict, Finding } from "./types";

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
  const summary = verdictSummary({ status, events }, now, undefined, services);

  return {
    status,
    summary,
    events: events.map(({ decides: _decides, ...e }) => e),
    checkedAt,
    stale: ageMs !== null && ageMs > STALE_AFTER_MS,
    ageSeconds: ageMs === null ? null : Math.floor(ageMs / 1000),
  };
}

/**
 * The verdict in one or two sentences. Times in UTC for the API's `summary`; in the device's own
 * offset when it is given (what a person reads in Show Result).
 */
export function verdictSummary(verdict: Pick<AppleVerdict, "status" | "events">, now: Date, offsetMinutes?: number, services: string[] = MESSAGING_SERVICES): string {
  const deciding = new Set(services.map(norm));
  const decides = (e: AppleEvent) => e.service.split(", ").some((name) => deciding.has(norm(name)));
  const incidents = verdict.events.filter((e) => decides(e) && e.eventStatus === "ongoing");
  const worst = incidents[0];
  const label = services === MESSAGING_SERVICES ? "iMessage" : services.join(", ");
  if (worst) {
    const more = incidents.length > 1 ? ` (and ${incidents.length - 1} more)` : "";
    return `Apple reports ${describeEvent(worst, now, offsetMinutes)}${more}.`;
  }
  if (verdict.status === "unknown") return "Apple's iMessage status could not be read right now.";
  let summary = `Apple reports no incident for ${label}.`;
  const others = verdict.events.filter((e) => e.eventStatus === "ongoing");
  if (others[0]) summary += ` It reports ${describeEvent(others[0], now, offsetMinutes)}.`;
  const ended = verdict.events.find((e) => decides(e) && e.eventStatus !== "ongoing");
  if (ended?.endedAt) {
    const at = offsetMinutes === undefined ? clockTime(ended.endedAt, now) : localTime(ended.endedAt, now, offsetMinutes);
    summary += ` ${capitalize(article(serviceLabel(ended.service)))} ${serviceLabel(ended.service)} ${noun(ended.statusType)} ended at ${at}.`;
  }
  return summary;
}

function isEnded(eventStatus: string): boolean {
  return eventStatus === "resolved" || eventStatus === "completed";
}

function endedWithin(endedAt: string | null, now: Date, windowMs: number): boolean {
  if (!endedAt) return false;
  const ended = Date.parse(endedAt);
  return Number.isFinite(ended) && ended <= now.getTime() && now.getTime() - ended <= windowMs;
}

/**
 * `apple-incident` / `apple-recent-incident` findings for this symptom, or `apple-status-unknown`
 * when Apple's status couldn't be read. Times are in the device's own offset when it is known.
 */
export function appleFindings(verdict: AppleVerdict, symptom: SymptomKind, now: Date, offsetMinutes?: number): Finding[] {
  if (verdict.status === "unknown" && verdict.events.length === 0) {
    return [{ id: "apple-status-unknown", severity: "info", detail: "Apple's status page couldn't be read just now." }];
  }
  const weighs = new Set([...MESSAGING_SERVICES, ...(ACTIVATION_SYMPTOMS.has(symptom) ? ACCOUNT_SERVICES : [])].map(norm));
  // Watched names carry no ", ": splitting the joined service list is safe for them.
  const relevant = verdict.events.filter((e) => e.service.split(", ").some((name) => weighs.has(norm(name))));

  const ongoing = relevant
    .filter((e) => e.eventStatus === "ongoing")
    .sort((a, b) => SEVERITY[statusOf(b.statusType)] - SEVERITY[statusOf(a.statusType)]);
  const incident = ongoing[0];
  if (incident) {
    const since = incident.startedAt ? ` (since ${localTime(incident.startedAt, now, offsetMinutes)})` : "";
    const message = incident.message ? ` Apple says: ${withStop(incident.message)}` : "";
    return [
      {
        id: "apple-incident",
        severity: statusOf(incident.statusType) === "outage" ? "high" : "medium",
        detail: `Apple reports ${incidentPhrase(incident)} right now${since}.${message}`,
      },
    ];
  }

  const recent = relevant.find((e) => isEnded(e.eventStatus) && endedWithin(e.endedAt, now, RECENT_WINDOW_MS));
  if (recent?.endedAt) {
    const ago = describeDuration(Math.max(60_000, now.getTime() - Date.parse(recent.endedAt)));
    const label = serviceLabel(recent.service);
    return [
      {
        id: "apple-recent-incident",
        severity: "low",
        detail: `Apple fixed ${article(label)} ${label} ${noun(recent.statusType)} ${ago} ago (at ${localTime(recent.endedAt, now, offsetMinutes)}), and some phones take a while to recover.`,
      },
    ];
  }
  return [];
}

/** "an iMessage outage", "iMessage maintenance", "a push notification (APNS) issue". */
function incidentPhrase(event: AppleEvent): string {
  const label = serviceLabel(event.service);
  const what = noun(event.statusType);
  return what === "maintenance" ? `${label} maintenance` : `${article(label)} ${label} ${what}`;
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

/** "an ongoing iMessage outage since 10:12 UTC" (or "since 9:41 this morning" in the device's offset) */
function describeEvent(event: AppleEvent, now: Date, offsetMinutes?: number): string {
  const what = noun(event.statusType);
  const at = (iso: string) => (offsetMinutes === undefined ? clockTime(iso, now) : localTime(iso, now, offsetMinutes));
  const since = event.startedAt ? ` since ${at(event.startedAt)}` : "";
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

/**
 * What Siri says of a raised crowd verdict when Apple reports nothing (or can't be read): the crowd
 * first, then what to do. Null when the crowd has nothing to add.
 */
function crowdSay(verdict: AppleVerdict, crowd: CrowdVerdict | undefined): string | null {
  if (!crowd || (crowd.status !== "likely" && crowd.status !== "possible")) return null;
  if (verdict.status !== "no_incident" && verdict.status !== "unknown") return null;
  const apple = verdict.status === "unknown" ? "Apple's status can't be checked" : "Apple reports nothing yet";
  const sentences = (where: string) =>
    crowd.status === "likely"
      ? `Many more iPhones than usual ${where} report iMessage failing, and ${apple}. It's likely not you: send texts instead and try again in 30 minutes.`
      : `More iPhones than usual ${where} report iMessage trouble, and ${apple}. If your messages fail, run Fix iMessage.`;
  const said = sentences(place(crowd.region));
  // A long country name must not push the advice past the limit.
  return said.length <= SAY_MAX ? said : sentences(crowd.region ? "in your country" : "worldwide");
}

/**
 * One or two sentences for Siri and the widget (≤ 200 characters): durations, never clock times in
 * UTC, and always ending with what to do. A raised crowd verdict speaks when Apple reports nothing.
 */
export function statusSay(verdict: AppleVerdict, now: Date = new Date(), crowd?: CrowdVerdict): string {
  const fromCrowd = crowdSay(verdict, crowd);
  if (fromCrowd) return clip(fromCrowd, SAY_MAX);
  const staleNote = verdict.stale && verdict.ageSeconds != null ? ` Apple's page was last read ${describeAge(verdict.ageSeconds)}.` : "";
  const incident = verdict.events.find((e) => e.eventStatus === "ongoing" && MESSAGING_SERVICES.some((s) => e.service.split(", ").includes(s)));
  switch (verdict.status) {
    case "outage":
    case "degraded":
    case "maintenance": {
      const lasting = incident?.startedAt ? `, for ${describeDuration(now.getTime() - Date.parse(incident.startedAt))} so far` : " right now";
      const what = incident ? incidentPhrase(incident) : "an iMessage problem";
      return clip(`Apple reports ${what}${lasting}.${staleNote} It's not you: send urgent messages as texts and try iMessage again later.`, SAY_MAX);
    }
    case "no_incident": {
      const ended = verdict.events.find((e) => isEnded(e.eventStatus) && e.endedAt && MESSAGING_SERVICES.some((s) => e.service.split(", ").includes(s)));
      const recovery = ended?.endedAt ? ` ${capitalize(incidentPhrase(ended))} ended ${describeDuration(now.getTime() - Date.parse(ended.endedAt))} ago.` : "";
      return clip(`Apple reports no iMessage incident.${recovery}${staleNote} If your messages still fail, run Fix iMessage.`, SAY_MAX);
    }
    default:
      return clip("Apple's status can't be checked right now. If your messages fail, run Fix iMessage to check your iPhone.", SAY_MAX);
  }
}

/**
 * The Show Result text: the verdict, each event Apple lists, how fresh it is, and what other
 * iPhones report (≤ 1,200 characters).
 */
export function statusShow(verdict: AppleVerdict, now: Date, crowd?: CrowdVerdict): string {
  const lines = [verdict.summary];
  const raised = crowd && (crowd.status === "likely" || crowd.status === "possible");
  if (raised) lines.push(crowd.summary);
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
  if (crowd && !raised && crowd.status !== "unknown") lines.push(crowd.summary);
  return clip(lines.join("\n"), SHOW_MAX);
}
