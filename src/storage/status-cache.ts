// The status snapshot: Apple's two feeds (normalized) and the iOS version table, in one KV key,
// with a short-lived per-isolate copy so hot requests skip KV entirely.
import { z } from "zod";
import type { FeedEvent } from "../domain/apple-feed";
import type { IosVersionTable } from "../domain/ios-versions";

export const SNAPSHOT_KEY = "status-snapshot:v1";

export interface FeedSnapshot {
  events: FeedEvent[];
  /** Last time a read of the feed was recorded (moves on change or heartbeat; see refresh.ts). */
  checkedAt: string;
  /** Last time the feed's content changed. */
  changedAt: string;
}

export interface StatusSnapshot {
  consumer: FeedSnapshot | null;
  developer: FeedSnapshot | null;
  /** Refreshed from gdmf.apple.com; null until a read succeeds (the built-in table serves meanwhile). */
  versions: IosVersionTable | null;
}

const FeedEventSchema = z.object({
  messageId: z.string(),
  statusType: z.string(),
  eventStatus: z.string(),
  services: z.array(z.object({ name: z.string(), eventStatus: z.string() })),
  message: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
});
const FeedSnapshotSchema = z.object({ events: z.array(FeedEventSchema), checkedAt: z.string(), changedAt: z.string() });
const SnapshotSchema = z.object({
  consumer: FeedSnapshotSchema.nullable(),
  developer: FeedSnapshotSchema.nullable(),
  versions: z
    .object({
      latestByMajor: z.record(z.string(), z.string()),
      // Absent in snapshots written before iPads and Macs were read: the built-in lines serve then.
      iPadOS: z.record(z.string(), z.string()).optional(),
      macOS: z.record(z.string(), z.string()).optional(),
      source: z.string(),
      asOf: z.string(),
    })
    .nullable(),
});

/** How long an isolate trusts its in-memory copy. The snapshot changes at most every 5 minutes. */
export const MEMORY_TTL_MS = 30_000;

interface MemoryCopy {
  namespace: KVNamespace;
  snapshot: StatusSnapshot | null;
  readAt: number;
}
let memory: MemoryCopy | null = null;

/** The snapshot, from this isolate's memory when recent, else from KV. Never throws: a KV fault reads as "none". */
export async function readSnapshot(kv: KVNamespace, now: Date): Promise<StatusSnapshot | null> {
  if (memory && memory.namespace === kv && now.getTime() - memory.readAt >= 0 && now.getTime() - memory.readAt < MEMORY_TTL_MS) {
    return memory.snapshot;
  }
  const snapshot = await readSnapshotFromKv(kv);
  memory = { namespace: kv, snapshot, readAt: now.getTime() };
  return snapshot;
}

export async function readSnapshotFromKv(kv: KVNamespace): Promise<StatusSnapshot | null> {
  let raw: unknown;
  try {
    raw = await kv.get(SNAPSHOT_KEY, "json");
  } catch (error) {
    console.warn(JSON.stringify({ level: "warn", event: "status_snapshot_unreadable", reason: String(error) }));
    return null;
  }
  if (raw === null) return null;
  const parsed = SnapshotSchema.safeParse(raw);
  // A snapshot from an older layout is treated as absent; the next refresh replaces it.
  return parsed.success ? parsed.data : null;
}

/** Writes the snapshot (one KV write) and updates this isolate's copy. Returns false when KV refused. */
export async function writeSnapshot(kv: KVNamespace, snapshot: StatusSnapshot, now: Date): Promise<boolean> {
  memory = { namespace: kv, snapshot, readAt: now.getTime() };
  try {
    await kv.put(SNAPSHOT_KEY, JSON.stringify(snapshot));
    return true;
  } catch (error) {
    // e.g. the free plan's daily write limit: keep serving the copy we have.
    console.error(JSON.stringify({ level: "error", event: "status_snapshot_write_failed", reason: String(error) }));
    return false;
  }
}

/** Drops this isolate's copy, so the next read goes to KV (tests; and after a failed write elsewhere). */
export function forgetSnapshotCopy(): void {
  memory = null;
}
