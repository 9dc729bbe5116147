// Times and durations as a person says them: "for 25 minutes", "since 9:41 this morning".
// Siri reads whatever it is given, so spoken texts never carry UTC offsets, zone ids or ISO times.

/** "1 minute", "25 minutes", "5 hours", "3 days". */
export function describeDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 90) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

// Intl.DateTimeFormat is costly to build; one per zone is enough.
const offsetFormats = new Map<string, Intl.DateTimeFormat | null>();

/** The UTC offset in minutes of an IANA zone at a moment, or undefined for an unknown zone. */
export function zoneOffsetMinutes(timeZone: string, at: Date): number | undefined {
  let format = offsetFormats.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    } catch {
      format = null;
    }
    if (offsetFormats.size < 1000) offsetFormats.set(timeZone, format);
  }
  if (!format) return undefined;
  const name = format.formatToParts(at).find((part) => part.type === "timeZoneName")?.value ?? "";
  const match = /GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/.exec(name);
  if (!match) return undefined;
  if (!match[1]) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === "-" ? -minutes : minutes;
}

/** The offset written in an ISO 8601 time ("…-08:00", "…Z"). */
export function isoOffsetMinutes(iso: string): number | undefined {
  const match = /(Z|([+-])(\d{2}):?(\d{2}))$/i.exec(iso.trim());
  if (!match) return undefined;
  if (match[1]!.toUpperCase() === "Z") return 0;
  const minutes = Number(match[3]) * 60 + Number(match[4]);
  return match[2] === "-" ? -minutes : minutes;
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "−" : "+";
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * A moment as the person's own clock shows it: "9:41 this morning", "21:05 yesterday",
 * "26 Apr at 10:12". Without the device's offset, "10:12 UTC" (for shown texts only).
 */
export function localTime(iso: string, now: Date, offsetMinutes?: number): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const offset = offsetMinutes ?? 0;
  const local = new Date(at.getTime() + offset * 60_000);
  const today = new Date(now.getTime() + offset * 60_000);
  const hhmm = `${local.getUTCHours()}:${String(local.getUTCMinutes()).padStart(2, "0")}`;
  const clock = offsetMinutes === undefined ? `${String(local.getUTCHours()).padStart(2, "0")}:${String(local.getUTCMinutes()).padStart(2, "0")} UTC` : hhmm;
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const yesterday = new Date(today.getTime() - 86_400_000);
  if (day(local) === day(today)) {
    if (offsetMinutes === undefined) return clock;
    const hour = local.getUTCHours();
    return `${hhmm} ${hour < 12 ? "this morning" : hour < 18 ? "this afternoon" : "this evening"}`;
  }
  if (day(local) === day(yesterday)) return `${clock} yesterday`;
  const year = local.getUTCFullYear() === today.getUTCFullYear() ? "" : ` ${local.getUTCFullYear()}`;
  return `${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]}${year} at ${clock}`;
}

/** The device's UTC offset: from its ISO time, else its IANA zone; undefined when it sent neither. */
export function deviceOffsetMinutes(clock: { deviceTime?: string; timeZone?: string } | undefined, now: Date): number | undefined {
  return (clock?.deviceTime ? isoOffsetMinutes(clock.deviceTime) : undefined) ?? (clock?.timeZone ? zoneOffsetMinutes(clock.timeZone, now) : undefined);
}
