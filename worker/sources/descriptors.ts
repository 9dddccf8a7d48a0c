/**
 * Every log source's declarations, in recognition order: a record of no named format is read by
 * the first `shape` source that recognises it. Pure data (no parser is imported), so the UI reads
 * the same declarations as the Worker. A new source adds its descriptor here and its parser in
 * registry.ts.
 */
import type { LogsourceMapping, QuickViewClaim, RawDetail, SourceDescriptor } from "../model/source-descriptor.ts";
import { ECS } from "./ecs/descriptor.ts";
import { EVTX } from "./evtx/descriptor.ts";
import { EVTX_JSON } from "./evtx_json/descriptor.ts";
import { FALCO } from "./falco/descriptor.ts";
import { GENERIC } from "./generic/descriptor.ts";
import { LINUX_AUTH } from "./linux_auth/descriptor.ts";
import { NXLOG } from "./nxlog/descriptor.ts";
import { POCKETSIEM } from "./pocketsiem/descriptor.ts";
import { ZEEK } from "./zeek/descriptor.ts";

export const SOURCE_DESCRIPTORS: readonly SourceDescriptor[] = [
  EVTX_JSON,
  NXLOG,
  EVTX,
  ECS,
  ZEEK,
  LINUX_AUTH,
  FALCO,
  POCKETSIEM,
  GENERIC,
];

/** Items of every descriptor's list, each once (sources that read the same logs share declarations). */
function unique<T>(lists: readonly (readonly T[])[], key: (item: T) => string = JSON.stringify): T[] {
  const seen = new Set<string>();
  return lists.flat().filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The Sigma logsource mappings of all sources, for the rule compiler and coverage. */
export const LOGSOURCE_MAPPINGS: readonly LogsourceMapping[] = unique(
  SOURCE_DESCRIPTORS.map((source) => source.logsources),
  (mapping) => JSON.stringify(mapping),
);

export const QUICK_VIEW_CLAIMS: readonly QuickViewClaim[] = unique(SOURCE_DESCRIPTORS.map((s) => s.quickViews));

/** How specific a dataset pattern is: an exact name beats `<prefix>.*`, a longer prefix a shorter one. */
function patternScore(pattern: string, dataset: string): number {
  if (pattern === dataset) return Number.MAX_SAFE_INTEGER;
  if (pattern === "*") return 0;
  if (pattern.endsWith(".*") && dataset.startsWith(pattern.slice(0, -1))) return pattern.length;
  return -1;
}

/** The alert key fields of a dataset: those of the most specific pattern a source declares for it. */
export function keyFieldsForDataset(dataset: string): readonly string[] {
  let best: readonly string[] = [];
  let bestScore = -1;
  for (const { datasets, keyFields } of SOURCE_DESCRIPTORS) {
    for (const pattern of datasets) {
      const score = patternScore(pattern, dataset);
      if (score > bestScore) {
        best = keyFields;
        bestScore = score;
      }
    }
  }
  return best;
}

const fieldList = (pick: (source: SourceDescriptor) => readonly string[] | undefined): string[] =>
  unique(SOURCE_DESCRIPTORS.map((source) => pick(source) ?? []));

/** The raw-record fields the quick views read, every source's names in registry order. */
export const QUICK_VIEW_FIELDS = {
  logonType: fieldList((source) => source.quickViewFields.logonType),
  targetFilename: fieldList((source) => source.quickViewFields.targetFilename),
  summary: fieldList((source) => source.quickViewFields.summary),
  network: Object.fromEntries(
    SOURCE_DESCRIPTORS.flatMap((source) => Object.entries(source.quickViewFields.network ?? {})),
  ) as Readonly<Record<string, RawDetail>>,
};

/** The Events page's default columns: every source's, in registry order. */
export const DEFAULT_EVENT_COLUMNS: readonly string[] = fieldList((source) => source.eventColumns);
