/**
 * What a backtest tries: rules the API knows, by id (bundled or stored, enabled or not), the rules a
 * pack would switch on (its bundled rules that are off, in their prepared form, so a pack of
 * thousands compiles only what the events reach), and texts not saved yet. Each is compiled by the real engine with the deployment's
 * placeholders under an origin of its own; a correlation among them is compiled with the rest of
 * the active set (minus the rules tried, which it may refer to in their tried form), so its base
 * rules feed it as they would at ingest. The compiled set is kept per isolate for the run's pages.
 */
import type { PreparedSource } from "../detect/prepared-rules.ts";
import type { CompileError, RuleInfo, RuleKind } from "../detect/types.ts";
import type { ActiveRules } from "./active-rule-set.ts";
import { type BundledSource, isBundledUnitOn } from "./active-sources.ts";
import type { BacktestRules } from "./backtest.ts";
import { compileRules } from "./compile-rules.ts";
import { type PackId, packsHolding } from "./packs.ts";
import { contextWithout, findRule } from "./rule-changes.ts";
import { hasCorrelation, ruleUnits } from "./rule-units.ts";

export interface BacktestText {
  kind: RuleKind;
  text: string;
}

export interface TriedRule {
  info: RuleInfo;
  /** What the request named it by: the rule id asked for, or `texts[<index>]`. */
  requested: string;
  correlation: boolean;
}

export type BacktestSelection =
  | { ok: true; rules: BacktestRules; tried: readonly TriedRule[] }
  | { ok: false; status: 400 | 404; error: string; errors?: CompileError[] };

interface Tried {
  source: PreparedSource;
  requested: string;
  /** A pack's rule: its text is the bundle's, which the rule-set stamp already names. */
  fromPack: boolean;
}

let cached: { key: string; selection: BacktestSelection } | null = null;

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function triedSources(
  active: ActiveRules,
  ids: readonly string[],
  texts: readonly BacktestText[],
): { tried: Tried[]; excluded: Set<string> } | { missing: string } {
  const tried: Tried[] = [];
  const excluded = new Set<string>();
  for (const id of ids) {
    const { row, bundled, fileId } = findRule(active, id);
    const unit = row ?? bundled;
    if (unit === undefined) return { missing: id };
    if (excluded.has(fileId)) continue;
    excluded.add(fileId);
    tried.push({
      source: { origin: `backtest:rule:${fileId}`, kind: unit.kind, text: unit.text },
      requested: id,
      fromPack: false,
    });
  }
  texts.forEach((text, index) => {
    const source: PreparedSource = { origin: `backtest:texts[${index}]`, kind: text.kind, text: text.text };
    for (const unit of ruleUnits(source)) if (unit.id !== null) excluded.add(unit.id);
    tried.push({ source, requested: `texts[${index}]`, fromPack: false });
  });
  return { tried, excluded };
}

/** A bundled file under a backtest origin, its prepared form moved there too. */
function underOrigin(source: BundledSource, origin: string): PreparedSource {
  const { prepared } = source;
  return {
    origin,
    kind: source.kind,
    text: source.text,
    ...(prepared === undefined
      ? {}
      : {
          prepared: {
            errors: prepared.errors.map((error) => ({ ...error, origin })),
            rules: prepared.rules.map((rule) => ({ ...rule, info: { ...rule.info, origin } })),
          },
        }),
  };
}

/** The bundled files of `pack` (and of the packs it holds) whose rules are off: what switching it on adds. */
function packSources(active: ActiveRules, pack: PackId, excluded: Set<string>): Tried[] {
  const rows = new Map(active.rows.map((row) => [row.id, row]));
  const byOrigin = new Map(active.bundled.sources.map((source) => [source.origin, source]));
  const tried: Tried[] = [];
  for (const unit of active.bundled.units) {
    if (unit.kind !== "sigma" || unit.id === null || unit.pack === null || excluded.has(unit.id)) continue;
    if (!packsHolding(unit.pack).includes(pack) || isBundledUnitOn(unit, rows.get(unit.id), active.packs)) continue;
    const source = byOrigin.get(unit.origin);
    if (source === undefined) continue;
    excluded.add(unit.id);
    tried.push({ source: underOrigin(source, `backtest:rule:${unit.id}`), requested: unit.id, fromPack: true });
  }
  return tried;
}

/**
 * The first error of a rule or text the request named; a pack's rule that does not compile (its
 * errors are on the rules list) is left out of the run, not a reason to refuse it.
 */
function compileFailure(tried: readonly Tried[], errors: readonly CompileError[]): BacktestSelection | null {
  const named = tried.filter((t) => !t.fromPack);
  const first = errors.find((error) => named.some((t) => t.source.origin === error.origin));
  if (first === undefined) return null;
  const requested = named.find((t) => t.source.origin === first.origin)?.requested ?? first.origin;
  const what = requested.startsWith("texts[") ? requested : `rule ${requested}`;
  const where = first.line === null ? "" : ` (line ${first.line})`;
  const own = errors.filter((error) => named.some((t) => t.source.origin === error.origin));
  return { ok: false, status: 400, error: `${what} does not compile${where}: ${first.reason}`, errors: own };
}

function compileSelection(
  active: ActiveRules,
  tried: readonly Tried[],
  excluded: ReadonlySet<string>,
  fingerprint: string,
): BacktestSelection {
  const own = tried.map((t) => t.source);
  const sources = own.some(hasCorrelation) ? [...contextWithout(active, excluded).sources(), ...own] : own;
  const ruleSet = compileRules(sources, active.placeholders);
  const failure = compileFailure(tried, ruleSet.errors);
  if (failure !== null) return failure;
  const requestedBy = new Map(tried.map((t) => [t.source.origin, t.requested]));
  const triedRules: TriedRule[] = [];
  const infos = [
    ...ruleSet.rules.map((info) => ({ info, correlation: false })),
    ...ruleSet.correlations.map((c) => ({ info: c.info, correlation: true })),
  ];
  for (const { info, correlation } of infos) {
    const requested = requestedBy.get(info.origin);
    if (requested !== undefined) triedRules.push({ info, requested, correlation });
  }
  if (triedRules.length === 0) return { ok: false, status: 400, error: "the rules and texts given define no rule" };
  return {
    ok: true,
    rules: { fingerprint, ruleSet, tried: new Map(triedRules.map((t) => [t.info.id, t.info])) },
    tried: triedRules,
  };
}

/**
 * The compiled rules of a run, or why there are none: 404 naming an unknown id, 400 naming the
 * text or rule that does not compile. The fingerprint covers the texts tried (and, for a
 * correlation, the active set's version), so a page after any of them changed is told apart.
 */
export async function backtestSelection(
  active: ActiveRules,
  ids: readonly string[],
  texts: readonly BacktestText[],
  pack: PackId | null = null,
): Promise<BacktestSelection> {
  const found = triedSources(active, ids, texts);
  if ("missing" in found) return { ok: false, status: 404, error: `no rule with id ${found.missing}` };
  const { excluded } = found;
  const tried = [...found.tried, ...(pack === null ? [] : packSources(active, pack, excluded))];
  if (pack !== null && !tried.some((t) => t.fromPack) && ids.length + texts.length === 0) {
    return {
      ok: false,
      status: 400,
      error: `every rule of the ${pack} pack is on already: there is nothing to backtest`,
    };
  }
  const context = tried.some((t) => hasCorrelation(t.source) || t.fromPack) ? active.stamp.stamp : null;
  const fingerprint = await sha256Hex(
    JSON.stringify([
      context,
      pack,
      tried.map((t) => (t.fromPack ? [t.requested] : [t.requested, t.source.kind, t.source.text])),
    ]),
  );
  if (cached?.key !== fingerprint) {
    cached = { key: fingerprint, selection: compileSelection(active, tried, excluded, fingerprint) };
  }
  return cached.selection;
}
