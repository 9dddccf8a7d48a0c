/**
 * What a log source declares about itself, as data beside its parser
 * (`worker/sources/<source>/descriptor.ts`). The registry collects the declarations; rule
 * routing, alert key fields, the quick views and the UI read them there instead of keeping their
 * own per-source lists. The type lives in model/ so detect/ can take the declarations as input.
 */
import type { SourceName } from "./event.ts";

/** Where a rule's log source can be found: a dataset, and an event code within it (null: any code). */
export interface Route {
  dataset: string;
  eventCode: string | null;
}

/**
 * Sigma logsource -> routes, for one product (null: rules that name no product). Whatever a
 * product's mapping leaves out follows the naming convention `<product>.<category|service>`.
 */
export interface LogsourceMapping {
  product: string | null;
  /** Routes of a rule that names the product alone; null: every event. Absent: the convention. */
  productOnly?: readonly Route[] | null;
  categories?: Readonly<Record<string, readonly Route[]>>;
  services?: Readonly<Record<string, readonly Route[]>>;
}

/** The quick views a source's events can be claimed by ("other" is what none claims). */
export type ClaimingView = "logins" | "processes" | "files" | "network";
/** A quick view: one a source can claim events for, or "other", every event none claims. */
export type QuickView = ClaimingView | "other";

/** Events of one dataset a quick view shows: all of them, or those with one of the codes or actions. */
export interface QuickViewClaim {
  view: ClaimingView;
  dataset: string;
  eventCodes?: readonly string[];
  actions?: readonly string[];
}

/**
 * A value put together from raw-record fields: each part is the first of its names the record
 * has, parts are joined by `separator` (missing ones empty, missing trailing ones dropped).
 */
export interface RawDetail {
  parts: readonly (readonly string[])[];
  separator?: string;
}

/**
 * Raw-record fields the quick views read for the values only the raw record holds; in each list
 * the first name found wins. `network` is keyed by dataset ("*": any dataset not named).
 */
export interface QuickViewFields {
  logonType?: readonly string[];
  targetFilename?: readonly string[];
  summary?: readonly string[];
  network?: Readonly<Record<string, RawDetail>>;
}

/**
 * ECS field -> the source's own names for it, in the order they are tried: only the fields the
 * source names differently from ECS (Zeek: `source.ip` is `id.orig_h`). The detection field map and
 * the search's indexed columns are built from these (docs/architecture.md, "One descriptor per log
 * source"); names that are Sigma's vocabulary but no source's stay in worker/detect/field-map.ts.
 */
export type FieldNames = Readonly<Record<string, readonly string[]>>;

/** Events of a dataset (a name or `<prefix>.*`), all of them or only those of some event codes. */
export interface EventSelector {
  dataset: string;
  eventCodes?: readonly string[];
}

/**
 * Which of a source's events carry what simple rules read (worker/detect/simple/): the detail text
 * (command line, target file, registry key and details, DNS query, URL: event-view.ts) and a source
 * or destination IP address. Coverage credits simple rules to these events only.
 */
export interface SimpleRuleInputs {
  detailText: readonly EventSelector[];
  addresses: readonly EventSelector[];
}

export interface SourceDescriptor {
  /** The `source` column of its events. */
  name: SourceName;
  /**
   * How its records are recognised: "shape" when the record's shape tells (checked in registry
   * order), the names of the formats its own endpoints send with each record, or "fallback" for
   * the one source that reads whatever no shape claims.
   */
  recognition:
    | { by: "shape"; shape: string }
    | { by: "format"; formats: readonly string[] }
    | { by: "fallback"; shape: string };
  /**
   * The datasets its events are stored under: names, `<prefix>.*` patterns or `*` (any). An
   * event's dataset takes the declarations (key fields) of the most specific pattern any source has.
   */
  datasets: readonly string[];
  logsources: readonly LogsourceMapping[];
  fieldNames: FieldNames;
  /**
   * Of its native names, those a search reads from their ECS field's indexed column
   * (`Image` -> `process`): the column holds exactly their value on this source's events.
   */
  columnNames: readonly string[];
  /** The alert key fields of its datasets' events, for rules without Sigma `fields`. */
  keyFields: readonly string[];
  quickViews: readonly QuickViewClaim[];
  quickViewFields: QuickViewFields;
  /** The columns the Events page shows by default for its events (ECS or raw field names). */
  eventColumns: readonly string[];
  simpleRuleInputs: SimpleRuleInputs;
}
