/**
 * The field map of the detection engine: which names mean the same value. A rule written for
 * Sysmon asks `Image`; the same value is `NewProcessName` in a 4688 event, `process.executable` in
 * an ECS document and the `process` column of a Falco alert. The log sources declare their own
 * names for each ECS field (`SourceDescriptor.fieldNames`, docs/architecture.md); the engine adds
 * Sigma's own vocabulary and the normalised columns. Each name is resolved once per field map into
 * a `FieldResolver`; reading an event through it is then a few property reads.
 */
import { ECS_COLUMNS, type FieldValue, type NormalisedEvent } from "../model/event.ts";
import type { EventColumn } from "../model/fields.ts";
import type { FieldNames } from "../model/source-descriptor.ts";

type ColumnReader = (event: NormalisedEvent) => FieldValue;

/**
 * Sigma's names for ECS fields that no shipped source produces. SigmaHQ's proxy and webserver
 * taxonomy (`c-uri`, `cs-method`...) is what web rules are written in, so it is tried before the
 * sources' names; the firewall taxonomy (`src_ip`...) and the other aliases are tried after them.
 */
const SIGMA_NAMES: Readonly<Record<string, { before?: readonly string[]; after?: readonly string[] }>> = {
  "source.ip": { after: ["src_ip"] },
  "source.port": { after: ["src_port"] },
  "destination.ip": { after: ["dst_ip"] },
  "destination.port": { after: ["dst_port", "DestPort"] },
  "url.original": { before: ["c-uri", "cs-uri"], after: ["url.full"] },
  "url.path": { before: ["cs-uri-stem"] },
  "url.query": { before: ["cs-uri-query", "c-uri-query"] },
  "http.request.method": { before: ["cs-method"] },
  "url.domain": { before: ["cs-host"] },
  "user_agent.original": { before: ["c-useragent", "cs-user-agent"] },
  "http.request.referrer": { before: ["cs-referer"] },
  "http.response.status_code": { before: ["sc-status"] },
};

/**
 * One-way fallbacks: SigmaHQ's `antivirus` category writes Signature and Filename, which Defender
 * calls `Threat Name` and `Path` (logsource-mapping-thor.yml). One-way, because Sysmon's own
 * `Signature` (an image's signer) must never answer a rule asking for a threat name.
 */
const ONE_WAY_ALIASES: Readonly<Record<string, readonly string[]>> = {
  Signature: ["ThreatName"],
  Filename: ["Path"],
};

/** Each indexed column's value on the normalised event; typed, so a new column cannot be left out. */
const READ_COLUMN: Readonly<Record<EventColumn, ColumnReader>> = {
  ts: (e) => e.ts,
  host: (e) => e.host,
  source: (e) => e.source,
  dataset: (e) => e.dataset,
  event_code: (e) => e.eventCode,
  category: (e) => e.category,
  action: (e) => e.action,
  outcome: (e) => e.outcome,
  user: (e) => e.user,
  process: (e) => e.process,
  command_line: (e) => e.commandLine,
  parent_process: (e) => e.parentProcess,
  src_ip: (e) => e.srcIp,
  src_port: (e) => e.srcPort,
  dst_ip: (e) => e.dstIp,
  dst_port: (e) => e.dstPort,
};

/** The normalised value behind each ECS column name. */
const COLUMN_READERS: ReadonlyMap<string, ColumnReader> = new Map(
  Object.entries(ECS_COLUMNS).map(([ecsName, column]) => [ecsName, READ_COLUMN[column]]),
);

/** Field names compared loosely: `Threat Name`, `ThreatName` and `threatname` are one name. */
export function looseName(name: string): string {
  return name.replace(/ /g, "").toLowerCase();
}

/** How one field name is read from any event. */
export interface FieldResolver {
  /** The name as asked, then its aliases: each is tried as an exact native field name. */
  readonly names: readonly string[];
  /** The same names in loose form, tried when no exact name is present. */
  readonly looseNames: readonly string[];
  readonly column: ColumnReader | null;
  /**
   * ECS column names (`source.port`) mean the normalised column: it answers before any alias, on
   * every event. Native names fall back to it last, and not on Windows events: there the column
   * merges several fields (`process` is Image, ProcessName or SourceImage), and a rule asking
   * `Image` of a 4624 logon must not be answered with the logon process.
   */
  readonly ecsColumn: boolean;
  /** Sigma compares EventID as a number; some shippers send it as text. */
  readonly numeric: boolean;
}

/** Which names mean the same value, and how each name is read. */
export interface FieldMap {
  /** The resolver of a field name; built on first use and shared by every event view. */
  resolve(name: string): FieldResolver;
}

/** Names that hold the same value, in the order they are tried, and the normalised value behind them. */
interface AliasGroup {
  names: readonly string[];
  column?: ColumnReader;
}

/**
 * One group per ECS field: Sigma's names tried first, the first declaring source's names, the ECS
 * name, the other sources' names in the order given, then Sigma's other names. A name is kept once.
 * The first declaring source goes before the ECS name because its names are the ones rules are
 * written in: Sysmon's for the Windows fields, Zeek's for the web fields no Windows source has.
 */
function aliasGroups(namings: readonly FieldNames[]): AliasGroup[] {
  const ecsNames = new Set([
    ...namings.flatMap((naming) => Object.keys(naming)),
    ...Object.keys(SIGMA_NAMES),
    ...COLUMN_READERS.keys(),
  ]);
  return [...ecsNames].map((ecsName) => {
    const declared = namings.flatMap((naming) => (Object.hasOwn(naming, ecsName) ? [naming[ecsName] ?? []] : []));
    const [first = [], ...others] = declared;
    const sigma = SIGMA_NAMES[ecsName];
    const names = [...(sigma?.before ?? []), ...first, ecsName, ...others.flat(), ...(sigma?.after ?? [])];
    const column = COLUMN_READERS.get(ecsName);
    return { names: [...new Set(names)], ...(column ? { column } : {}) };
  });
}

function groupsByName(groups: readonly AliasGroup[]): Map<string, AliasGroup> {
  const byName = new Map<string, AliasGroup>();
  for (const group of groups) {
    for (const name of group.names) {
      if (byName.has(looseName(name))) throw new Error(`field map: '${name}' names two fields`);
      byName.set(looseName(name), group);
    }
  }
  return byName;
}

/** ECS column names mean the normalised column on every event, Windows or not. */
const ECS_NAMES: ReadonlySet<string> = new Set(Object.keys(ECS_COLUMNS));

/** Rules name a few hundred distinct fields; the bound only keeps ad-hoc names from piling up. */
const MAX_RESOLVERS = 4096;

/** The field map of the sources' declared names (`SourceDescriptor.fieldNames`, in registry order). */
export function createFieldMap(namings: readonly FieldNames[]): FieldMap {
  const groupOf = groupsByName(aliasGroups(namings));
  const resolvers = new Map<string, FieldResolver>();
  const build = (name: string): FieldResolver => {
    const group = groupOf.get(looseName(name));
    const oneWay = Object.hasOwn(ONE_WAY_ALIASES, name) ? (ONE_WAY_ALIASES[name] ?? []) : [];
    const aliases = [...(group?.names ?? []), ...oneWay].filter((alias) => alias !== name);
    const names = [name, ...aliases];
    return {
      names,
      looseNames: [...new Set(names.map(looseName))],
      column: group?.column ?? null,
      ecsColumn: ECS_NAMES.has(name),
      numeric: looseName(name) === "eventid",
    };
  };
  return {
    resolve(name) {
      let resolver = resolvers.get(name);
      if (resolver === undefined) {
        resolver = build(name);
        if (resolvers.size < MAX_RESOLVERS) resolvers.set(name, resolver);
      }
      return resolver;
    },
  };
}
