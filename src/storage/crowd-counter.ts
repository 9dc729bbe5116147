// The crowd counter (issue 12): a SQLite-backed Durable Object per country ("country:DE") plus one
// global one ("global"). It stores per-minute counts of repair starts and feeds them to the pure
// detector (src/domain/crowd.ts); it decides nothing itself.
//
// What it keeps, and nothing else:
//  - buckets: per minute, symptom kind, carrier (activation symptoms only) and clean or not, a count;
//    8 days of them, pruned by an alarm.
//  - seen: a keyed hash of each reporting address (HMAC with a key that changes daily, computed in
//    the Worker; never the address) and the time, for 30 minutes: at most one report per address.
//  - outbox (countries): counts the global counter hasn't had yet; an alarm forwards them every
//    10 seconds, with the country's verdict, so the global counter gets one call per active country
//    rather than one per isolate flush.
//  - regions (global): the latest verdict each country pushed, for `crowdRegions`.
import { DurableObject } from "cloudflare:workers";
import { crowdChart, DAY_MINUTES, detectCrowd, minuteOf, type CrowdChart, type CrowdCounts } from "../domain/crowd";
import type { CrowdVerdict } from "../domain/types";
import type { Bindings } from "../env";

/** One repair start, as the Worker hands it over. */
export interface CrowdReport {
  /** When the Worker received it (ms). */
  at: number;
  /** The address's keyed hash for today; `alt`: yesterday's, in the first half hour of a day. */
  key: string;
  alt?: string;
  symptom: string;
  carrier: string;
  clean: boolean;
}

/** Counts for one bucket: what a country forwards to the global counter. */
export interface CrowdIncrement {
  minute: number;
  symptom: string;
  carrier: string;
  clean: 0 | 1;
  n: number;
}

export interface CrowdOverview {
  verdict: CrowdVerdict;
  /** Countries whose latest verdict is raised (possible or likely), most reports first. */
  regions: CrowdVerdict[];
}

export const GLOBAL_COUNTER = "global";
export const counterName = (region: string | null) => (region ? `country:${region}` : GLOBAL_COUNTER);

/** Per-minute buckets are kept 8 days: 7 days of history for the same time of day, plus today. */
export const RETENTION_MINUTES = 8 * DAY_MINUTES;
/** One report per address per 30 minutes. */
export const DEDUPE_MS = 30 * 60_000;
/** A country forwards its counts to the global counter at most this often. */
export const FORWARD_MS = 10_000;
/** While a country's verdict is raised it pushes it this often, so `crowdRegions` stays current... */
export const PUSH_RAISED_MS = 30_000;
/** ...and the global counter forgets a country that stopped pushing after this long. */
export const REGION_TTL_MS = 2 * 60_000;
/** With data but nothing else to do, the alarm prunes hourly. */
export const PRUNE_MS = 60 * 60_000;
/** A verdict computed from unchanged counts is reused this long. */
const VERDICT_REUSE_MS = 5_000;

const RAISED = new Set(["possible", "likely"]);

type OutboxRow = { minute: number; symptom: string; carrier: string; clean: number; n: number };

export class CrowdCounter extends DurableObject<Bindings> {
  private readonly sql: SqlStorage;
  private counts: CrowdCounts | null = null;
  private cachedVerdict: { at: number; verdict: CrowdVerdict } | null = null;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS buckets (
        minute INTEGER NOT NULL, symptom TEXT NOT NULL, carrier TEXT NOT NULL, clean INTEGER NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (minute, symptom, carrier, clean)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS seen_at ON seen (at);
      CREATE TABLE IF NOT EXISTS outbox (
        minute INTEGER NOT NULL, symptom TEXT NOT NULL, carrier TEXT NOT NULL, clean INTEGER NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (minute, symptom, carrier, clean)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS regions (region TEXT PRIMARY KEY, verdict TEXT NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID;
    `);
  }

  // ---- writes ----------------------------------------------------------------------------------

  /**
   * Counts a batch of repair starts for `region` (null: reports without a country, counted by the
   * global counter itself). A report from an address already counted in the last 30 minutes is dropped.
   */
  async record(region: string | null, reports: CrowdReport[]): Promise<{ accepted: number; duplicates: number }> {
    this.tally(reports.length);
    this.remember(region);
    const increments = new Map<string, CrowdIncrement>();
    let duplicates = 0;
    this.ctx.storage.transactionSync(() => {
      for (const report of reports) {
        if (!Number.isFinite(report.at) || typeof report.key !== "string") continue;
        const keys = report.alt ? [report.key, report.alt] : [report.key];
        const recent = this.sql
          .exec<{ at: number }>(`SELECT at FROM seen WHERE key IN (${keys.map(() => "?").join(",")}) AND at > ? LIMIT 1`, ...keys, report.at - DEDUPE_MS)
          .toArray();
        if (recent.length > 0) {
          duplicates++;
          continue;
        }
        this.sql.exec("INSERT INTO seen (key, at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET at = excluded.at", report.key, report.at);
        const minute = minuteOf(report.at);
        const clean = report.clean ? 1 : 0;
        const id = `${minute}|${report.symptom}|${report.carrier}|${clean}`;
        const bucket = increments.get(id);
        if (bucket) bucket.n++;
        else increments.set(id, { minute, symptom: String(report.symptom).slice(0, 40), carrier: String(report.carrier ?? "").slice(0, 40), clean, n: 1 });
      }
      this.add([...increments.values()], region !== null);
    });
    if (region !== null && increments.size > 0) await this.armAlarm(Date.now() + FORWARD_MS);
    else await this.armAlarm(Date.now() + PRUNE_MS);
    return { accepted: reports.length - duplicates, duplicates };
  }

  /** The global counter: a country's forwarded counts and its latest verdict. */
  async merge(region: string, increments: CrowdIncrement[], verdict: CrowdVerdict | null, now: number = Date.now()): Promise<void> {
    this.tally(0);
    this.remember(null);
    this.ctx.storage.transactionSync(() => {
      this.add(increments, false);
      if (verdict) this.sql.exec("INSERT OR REPLACE INTO regions (region, verdict, at) VALUES (?, ?, ?)", region, JSON.stringify(verdict), now);
    });
    await this.armAlarm(Date.now() + PRUNE_MS);
  }

  private add(increments: CrowdIncrement[], outbox: boolean): void {
    if (increments.length === 0) return;
    let first = Infinity;
    for (const i of increments) {
      if (!Number.isInteger(i.minute) || !(i.n > 0)) continue;
      first = Math.min(first, i.minute);
      this.sql.exec("INSERT INTO buckets VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n", i.minute, i.symptom, i.carrier, i.clean, i.n);
      if (outbox) this.sql.exec("INSERT INTO outbox VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n", i.minute, i.symptom, i.carrier, i.clean, i.n);
    }
    const known = this.meta("firstMinute");
    if (first !== Infinity && (known === null || first < Number(known))) this.setMeta("firstMinute", String(first));
    this.counts = null;
    this.cachedVerdict = null;
  }

  // ---- reads -----------------------------------------------------------------------------------

  /** The crowd verdict for this counter's region at `now`. */
  async verdict(region: string | null, now: number = Date.now()): Promise<CrowdVerdict> {
    return this.verdictAt(region, now);
  }

  /** The global counter's verdict, and the countries whose latest verdict is raised. */
  async overview(now: number = Date.now()): Promise<CrowdOverview> {
    const regions = this.sql
      .exec<{ verdict: string }>("SELECT verdict FROM regions WHERE at > ?", now - REGION_TTL_MS)
      .toArray()
      .map((row) => JSON.parse(row.verdict) as CrowdVerdict)
      .filter((v) => RAISED.has(v.status))
      .sort((a, b) => Number(b.status === "likely") - Number(a.status === "likely") || b.reports - a.reports);
    return { verdict: this.verdictAt(null, now), regions };
  }

  /** The last 24 hours in 15-minute bins, for the landing page. */
  async chart(region: string | null, now: number = Date.now()): Promise<CrowdChart> {
    return crowdChart(this.load(now), new Date(now), region);
  }

  /** Calls that carried reports or counts, and the reports they carried (the surge bench reads them). */
  async stats(): Promise<{ calls: number; reports: number }> {
    return { calls: Number(this.meta("calls") ?? 0), reports: Number(this.meta("reports") ?? 0) };
  }

  private verdictAt(region: string | null, now: number): CrowdVerdict {
    const cached = this.cachedVerdict;
    if (cached && cached.verdict.region === region && Math.abs(now - cached.at) < VERDICT_REUSE_MS) return cached.verdict;
    const verdict = detectCrowd(this.load(now), new Date(now), region);
    this.cachedVerdict = { at: now, verdict };
    return verdict;
  }

  /** The per-minute series of the retention window (kept in memory until the next write). */
  private load(now: number): CrowdCounts {
    const end = minuteOf(now);
    const start = end - RETENTION_MINUTES + 1;
    if (this.counts && this.counts.start === start) return this.counts;
    const length = RETENTION_MINUTES;
    const clean = new Float64Array(length);
    const other = new Float64Array(length);
    const peak = new Float64Array(length);
    for (const row of this.sql.exec<{ minute: number; clean: number; n: number }>("SELECT minute, clean, SUM(n) AS n FROM buckets WHERE minute >= ? AND minute <= ? GROUP BY minute, clean", start, end)) {
      (row.clean ? clean : other)[row.minute - start] = row.n;
    }
    // Per minute, the single busiest carrier's clean activation reports (carrier is set for those only).
    for (const row of this.sql.exec<{ minute: number; n: number }>(
      "SELECT minute, MAX(n) AS n FROM (SELECT minute, carrier, SUM(n) AS n FROM buckets WHERE clean = 1 AND carrier != '' AND minute >= ? AND minute <= ? GROUP BY minute, carrier) GROUP BY minute",
      start,
      end,
    )) {
      peak[row.minute - start] = row.n;
    }
    const first = this.meta("firstMinute");
    this.counts = { start, clean, other, peak, firstMinute: first === null ? null : Number(first) };
    return this.counts;
  }

  // ---- the alarm: forward, prune, keep the global counter current --------------------------------

  override async alarm(): Promise<void> {
    const now = Date.now();
    this.prune(now);
    const region = this.meta("region");
    let next: number | null = null;
    if (region) {
      const forwarded = await this.forward(region, now);
      const raised = this.meta("pushedRaised") === "1";
      if (!forwarded || this.outboxSize() > 0) next = now + FORWARD_MS;
      else if (raised) next = now + PUSH_RAISED_MS;
    }
    if (next === null && this.meta("firstMinute") !== null && this.hasData()) next = now + PRUNE_MS;
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  /** Sends the outbox and this country's verdict to the global counter; on failure keeps them for the next alarm. */
  private async forward(region: string, now: number): Promise<boolean> {
    const rows = this.sql.exec<OutboxRow>("SELECT minute, symptom, carrier, clean, n FROM outbox").toArray();
    this.sql.exec("DELETE FROM outbox");
    const verdict = this.verdictAt(region, now);
    const raised = RAISED.has(verdict.status);
    // A verdict nobody needs to hear about (none before, none now) isn't sent.
    const push = raised || this.meta("pushedRaised") === "1";
    if (rows.length === 0 && !push) return true;
    try {
      const global = this.env.CROWD.get(this.env.CROWD.idFromName(GLOBAL_COUNTER));
      await global.merge(region, rows.map((r) => ({ minute: r.minute, symptom: r.symptom, carrier: r.carrier, clean: r.clean ? 1 : 0, n: r.n })), verdict, now);
      this.setMeta("pushedRaised", raised ? "1" : "0");
      return true;
    } catch (error) {
      // Put them back (adding to whatever arrived meanwhile) and try again at the next alarm.
      this.ctx.storage.transactionSync(() => {
        for (const r of rows) this.sql.exec("INSERT INTO outbox VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n", r.minute, r.symptom, r.carrier, r.clean, r.n);
      });
      console.warn(JSON.stringify({ level: "warn", event: "crowd_forward_failed", region, reason: String(error) }));
      return false;
    }
  }

  private prune(now: number): void {
    const oldest = minuteOf(now) - RETENTION_MINUTES + 1;
    this.sql.exec("DELETE FROM buckets WHERE minute < ?", oldest);
    this.sql.exec("DELETE FROM seen WHERE at <= ?", now - DEDUPE_MS);
    this.sql.exec("DELETE FROM regions WHERE at <= ?", now - REGION_TTL_MS);
    this.counts = null;
    this.cachedVerdict = null;
  }

  private async armAlarm(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  // ---- small helpers -----------------------------------------------------------------------------

  private tally(reports: number): void {
    this.sql.exec("INSERT INTO meta VALUES ('calls', '1') ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1");
    this.sql.exec("INSERT INTO meta VALUES ('reports', ?) ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + ?", String(reports), reports);
  }

  private remember(region: string | null): void {
    if (region !== null && this.meta("region") === null) this.setMeta("region", region);
  }

  private meta(key: string): string | null {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0];
    return row ? row.value : null;
  }

  private setMeta(key: string, value: string): void {
    this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", key, value);
  }

  private outboxSize(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM outbox").one().n;
  }

  private hasData(): boolean {
    return this.sql.exec("SELECT 1 FROM buckets LIMIT 1").toArray().length > 0 || this.sql.exec("SELECT 1 FROM seen LIMIT 1").toArray().length > 0;
  }
}
