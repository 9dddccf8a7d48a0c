/**
 * The stored events a correlation group's window holds, so the alert it raises can link every one
 * of them, whichever batch brought it. An event is referred to by the identity the ingest write
 * stores it under, its batch id and index in that batch: known before the write, so an event of
 * the batch being detected and one stored an hour ago are referred to alike.
 *
 * Bounded, because one group's window is fed by whoever sends the events: past 2 × KEPT_PER_END
 * events a window keeps its oldest and newest KEPT_PER_END and only counts the ones between.
 * KEPT_PER_END is 50 so that a window up to 100 events is linked whole: every shipped correlation
 * fires at 10, and the alert page shows 100 events. A group's row then stays under about 8 KB.
 */

/** Batch id, index in the batch, event time (ms), host (null: the event names none). */
export type EventRef = [batchId: string, batchIndex: number, ts: number, host: string | null];

export interface SkippedEvents {
  count: number;
  /** The newest skipped event's time: once the window has passed it, none of them is in it. */
  newestTs: number;
  /** Their distinct hosts, at most MAX_SKIPPED_HOSTS: enough to tell one host from several. */
  hosts: string[];
}

export interface EventRefs {
  /** Oldest first (then by batch id and index); at most 2 × KEPT_PER_END. */
  kept: EventRef[];
  /** The events between the oldest and newest kept ones that are not kept; null when none. */
  skipped: SkippedEvents | null;
}

export const KEPT_PER_END = 50;
export const MAX_SKIPPED_HOSTS = 2;

export const NO_REFS: EventRefs = { kept: [], skipped: null };

export function refsOf(ref: EventRef): EventRefs {
  return { kept: [ref], skipped: null };
}

export function refCount(refs: EventRefs): number {
  return refs.kept.length + (refs.skipped?.count ?? 0);
}

function order(a: EventRef, b: EventRef): number {
  return a[2] - b[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0) || a[1] - b[1];
}

function addHosts(hosts: readonly string[], more: Iterable<string | null>): string[] {
  const next = new Set(hosts);
  for (const host of more) {
    if (next.size >= MAX_SKIPPED_HOSTS) break;
    if (host !== null) next.add(host);
  }
  return [...next];
}

function skip(skipped: SkippedEvents | null, refs: readonly EventRef[]): SkippedEvents | null {
  if (refs.length === 0) return skipped;
  return {
    count: (skipped?.count ?? 0) + refs.length,
    newestTs: Math.max(skipped?.newestTs ?? Number.NEGATIVE_INFINITY, ...refs.map((ref) => ref[2])),
    hosts: addHosts(
      skipped?.hosts ?? [],
      refs.map((ref) => ref[3]),
    ),
  };
}

function mergeSkipped(a: SkippedEvents | null, b: SkippedEvents | null): SkippedEvents | null {
  if (a === null || b === null) return a ?? b;
  return { count: a.count + b.count, newestTs: Math.max(a.newestTs, b.newestTs), hosts: addHosts(a.hosts, b.hosts) };
}

/** One event into a window, the common case: an insertion from the newest end, no sort. */
function insertOne(refs: EventRefs, ref: EventRef): EventRefs {
  const { kept } = refs;
  let i = kept.length;
  while (i > 0 && order(kept[i - 1] as EventRef, ref) > 0) i--;
  if (i > 0 && order(kept[i - 1] as EventRef, ref) === 0) return refs;
  const next = [...kept.slice(0, i), ref, ...kept.slice(i)];
  if (next.length <= 2 * KEPT_PER_END) return { kept: next, skipped: refs.skipped };
  const dropped = next.splice(KEPT_PER_END, 1);
  return { kept: next, skipped: skip(refs.skipped, dropped) };
}

/** Both windows' events, an event named in both counted once. */
export function mergeRefs(a: EventRefs, b: EventRefs): EventRefs {
  const [only] = b.kept;
  if (b.kept.length === 1 && b.skipped === null && only !== undefined) return insertOne(a, only);
  const seen = new Set<string>();
  const all = [...a.kept, ...b.kept].sort(order).filter((ref) => {
    const key = `${ref[1]}\u0000${ref[0]}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const skipped = mergeSkipped(a.skipped, b.skipped);
  if (all.length <= 2 * KEPT_PER_END) return { kept: all, skipped };
  return {
    kept: [...all.slice(0, KEPT_PER_END), ...all.slice(-KEPT_PER_END)],
    skipped: skip(skipped, all.slice(KEPT_PER_END, -KEPT_PER_END)),
  };
}

/**
 * The events at or after `cutoff`, as the window slides. Skipped events are dropped together once
 * the newest of them is older than the cutoff; until then they all count, so in a flood of more
 * than 2 × KEPT_PER_END events that outlasts its window the count may include some that left it.
 */
export function pruneRefs(refs: EventRefs, cutoff: number): EventRefs {
  const kept = refs.kept.filter((ref) => ref[2] >= cutoff);
  const skipped = refs.skipped !== null && refs.skipped.newestTs >= cutoff ? refs.skipped : null;
  if (kept.length === refs.kept.length && skipped === refs.skipped) return refs;
  return { kept, skipped };
}

/** The one host all the events name (events naming none aside), or null when they name several or none. */
export function soleHost(refs: EventRefs): string | null {
  const hosts = addHosts(
    refs.skipped?.hosts ?? [],
    refs.kept.map((ref) => ref[3]),
  );
  return hosts.length === 1 ? (hosts[0] as string) : null;
}
