/**
 * Simple rules (PocketSIEM format) -> compiled detections. Each rule applies to every event
 * (routes: null) and tests the event's lower-cased detail text with plain substring checks.
 */
import type { NetworkSet } from "../sigma/cidr.ts";
import type { CompiledDetection, CompileError, RuleInfo, RuleLevel, RuleSource, SimpleRuleReads } from "../types.ts";
import { anyAddressIn, eventAddresses, listNetworks, type Placeholders } from "./ip-lists.ts";
import { parseSimpleLine } from "./line.ts";
import type { SimpleRuleMetadata } from "./metadata.ts";
import { matchesDetail, parsePattern, type SimplePattern } from "./pattern.ts";
import { simpleRuleId } from "./rule-id.ts";

/** A simple rule's detection and what it needs of an event (which events can match it). */
export interface SimpleDetection extends CompiledDetection {
  reads: SimpleRuleReads;
}

/** A substring match with no log-source context is weak evidence; metadata can raise it per rule. */
export const SIMPLE_RULE_DEFAULT_LEVEL: RuleLevel = "low";

function ruleInfo(id: string, pattern: string, metadata: SimpleRuleMetadata, origin: string): RuleInfo {
  return {
    id,
    name: null,
    title: metadata.title ?? `Simple rule: ${pattern}`,
    level: metadata.level ?? SIMPLE_RULE_DEFAULT_LEVEL,
    tags: metadata.tags,
    kind: "simple",
    origin,
    description: null,
    status: null,
    author: null,
    references: [],
    falsepositives: [],
    fields: [],
  };
}

interface ResolvedLists {
  include: NetworkSet[];
  exclude: NetworkSet[];
}

function resolveLists(pattern: SimplePattern, placeholders: Placeholders): ResolvedLists | string {
  const resolve = (names: readonly string[]) => names.map((name) => listNetworks(name, placeholders));
  const include = resolve(pattern.includeLists);
  const exclude = resolve(pattern.excludeLists);
  const problem = [...include, ...exclude].find((networks) => typeof networks === "string");
  if (typeof problem === "string") return problem;
  return { include: include as NetworkSet[], exclude: exclude as NetworkSet[] };
}

/** Strings to find need the detail text; a rule of list pieces alone holds on any event with an address in the list. */
function readsOf(pattern: SimplePattern): SimpleRuleReads {
  return pattern.include.length === 0 ? "addresses" : "detail_text";
}

function detection(info: RuleInfo, pattern: SimplePattern, lists: ResolvedLists): SimpleDetection {
  const reads = readsOf(pattern);
  if (lists.include.length === 0 && lists.exclude.length === 0) {
    return { info, routes: null, reads, test: (view) => matchesDetail(pattern, view.detailText()) };
  }
  return {
    info,
    routes: null,
    reads,
    test: (view) => {
      if (!matchesDetail(pattern, view.detailText())) return false;
      const addresses = eventAddresses(view);
      return (
        lists.include.every((networks) => anyAddressIn(addresses, networks)) &&
        !lists.exclude.some((networks) => anyAddressIn(addresses, networks))
      );
    },
  };
}

/** `placeholders` are the IP lists (and other placeholder values) `@list:<name>` pieces may name. */
export function compileSimpleRules(
  source: RuleSource,
  placeholders: Placeholders = {},
): { detections: SimpleDetection[]; errors: CompileError[] } {
  const detections: SimpleDetection[] = [];
  const errors: CompileError[] = [];
  const lineOfId = new Map<string, number>();
  source.text.split(/\r?\n/).forEach((text, index) => {
    const line = index + 1;
    const parsed = parseSimpleLine(text);
    if (parsed.kind === "skip") return;
    if (parsed.kind === "error") {
      errors.push({ origin: source.origin, line, ruleId: null, reason: parsed.reason });
      return;
    }
    const id = simpleRuleId(parsed.pattern);
    const pattern = parsePattern(parsed.pattern);
    if (!pattern.ok) {
      errors.push({
        origin: source.origin,
        line,
        ruleId: id,
        reason: `pattern '${parsed.pattern}': ${pattern.reason}`,
      });
      return;
    }
    const lists = resolveLists(pattern.pattern, placeholders);
    if (typeof lists === "string") {
      errors.push({ origin: source.origin, line, ruleId: id, reason: `pattern '${parsed.pattern}': ${lists}` });
      return;
    }
    const first = lineOfId.get(id);
    if (first !== undefined) {
      errors.push({
        origin: source.origin,
        line,
        ruleId: id,
        reason: `pattern '${parsed.pattern}' repeats line ${first} (patterns ignore case); this line is skipped`,
      });
      return;
    }
    lineOfId.set(id, line);
    detections.push(detection(ruleInfo(id, parsed.pattern, parsed.metadata, source.origin), pattern.pattern, lists));
  });
  return { detections, errors };
}
