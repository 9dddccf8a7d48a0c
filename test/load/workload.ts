/**
 * What the simulated agents send: per agent, batches of Sysmon records from the benchmark's fleet
 * generator, mixed with records that fire shipped rules (the Windows agent's fixture records and
 * sshd logon failures) and a few invalid ones the Worker must refuse by index. Each valid record
 * carries a `load_id`, so a stored row can be traced back to the record it came from. The expected
 * rule hits of each record are worked out here with the Worker's own compiled rule set.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { createSysmonGenerator } from "../../bench/sysmon-events.ts";
import type { RuleSet } from "../../worker/detect/types.ts";
import { prepareRecord } from "../../worker/ingest/prepare.ts";
import type { Rng } from "./rng.ts";

const FIXTURES = resolve(import.meta.dirname, "../fixtures/agents/windows");
/** The Sysmon generator's day; fixture and sshd records are placed around it. */
const START_MS = Date.UTC(2026, 10, 23, 8, 0, 0);
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export interface WorkloadOptions {
  eventsPerBatch: number;
  /** Share of each batch that are rule-firing records (fixtures and sshd failures). */
  plantedRate: number;
  /** Share of each batch that are invalid records, refused by index. */
  invalidRate: number;
}

export interface PlannedBatch {
  id: string;
  agent: number;
  /** The gzip-compressed JSON body, as the Linux agent sends it. */
  body: Uint8Array<ArrayBuffer>;
  size: number;
  /** Per index: the record's load_id, or null for an invalid record the Worker must refuse. */
  loadIds: (string | null)[];
  /** Per index: the ids of the rules the record matches (sorted), null for an invalid record. */
  ruleHits: (string[] | null)[];
  /** Per index: the ids of the rules whose match raises an alert. */
  alertingHits: (string[] | null)[];
}

function fixtureRecords(): Record<string, unknown>[] {
  return readdirSync(FIXTURES)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as Record<string, unknown>);
}

function syslogTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function sshdFailure(agent: number, seq: number, rng: Rng): Record<string, unknown> {
  const host = `web${agent + 1}`;
  const ms = START_MS + seq * 2_000;
  return {
    message: `${syslogTime(ms)} ${host} sshd[${rng.int(400, 60_000)}]: Failed password for ${rng.pick(["root", "admin", "oracle"])} from 203.0.113.${agent + 1} port ${rng.int(30_000, 65_000)} ssh2`,
    host,
  };
}

function expectedHits(ruleSet: RuleSet, records: unknown[], receivedAt: number) {
  const valid: { index: number; event: Parameters<RuleSet["matchAll"]>[0][number] }[] = [];
  records.forEach((record, index) => {
    const prepared = prepareRecord(record, index, receivedAt);
    if ("event" in prepared) valid.push({ index, event: prepared.event });
  });
  const hits = new Map<number, string[]>();
  const alerting = new Map<number, string[]>();
  for (const match of ruleSet.matchAll(valid.map((v) => v.event))) {
    const index = valid[match.eventIndex]?.index;
    if (index === undefined) continue;
    hits.set(index, [...(hits.get(index) ?? []), match.rule.id]);
    if (match.alert) alerting.set(index, [...(alerting.get(index) ?? []), match.rule.id]);
  }
  const validIndexes = new Set(valid.map((v) => v.index));
  return {
    ruleHits: records.map((_, i) => (validIndexes.has(i) ? (hits.get(i) ?? []).sort() : null)),
    alertingHits: records.map((_, i) => (validIndexes.has(i) ? (alerting.get(i) ?? []).sort() : null)),
  };
}

/** One agent's batches, made on demand: the run decides how many by how long it lasts. */
export function agentWorkload(agent: number, options: WorkloadOptions, ruleSet: RuleSet, rng: Rng) {
  const fixtures = fixtureRecords();
  const sysmon = createSysmonGenerator({ seed: rng.int(1, 2 ** 31), startMs: START_MS, hostCount: 6 });
  let sshSeq = 0;
  let made = 0;
  return {
    next(): PlannedBatch {
      made++;
      const id = `load-a${agent + 1}-${String(made).padStart(5, "0")}`;
      const records: unknown[] = [];
      const loadIds: (string | null)[] = [];
      for (let i = 0; i < options.eventsPerBatch; i++) {
        if (rng.chance(options.invalidRate)) {
          records.push(rng.chance(0.5) ? 42 : "not an event");
          loadIds.push(null);
          continue;
        }
        const loadId = `${id}-${i}`;
        let record: Record<string, unknown>;
        if (rng.chance(options.plantedRate)) {
          record = rng.chance(0.5) ? { ...rng.pick(fixtures) } : sshdFailure(agent, sshSeq++, rng);
        } else {
          record = sysmon.next();
        }
        records.push({ ...record, load_id: loadId });
        loadIds.push(loadId);
      }
      const text = JSON.stringify({ batch_id: id, events: records });
      return {
        id,
        agent,
        body: gzipSync(text),
        size: records.length,
        loadIds,
        ...expectedHits(ruleSet, records, Date.now()),
      };
    },
  };
}
