/**
 * Which log sources a simple rule can match. Simple rules are tried on every event, but a text rule
 * only ever matches an event with detail text, and a rule of IP-list pieces alone one with an
 * address (its own, or an IPv4 address its detail text writes): the sources declare which of their
 * events carry each (`SourceDescriptor.simpleRuleInputs`). A dataset no source names but by `*` (an
 * ECS or generic document's own) may carry any field, so every simple rule is credited to it.
 */
import type { Route, SimpleRuleReads } from "../detect/types.ts";
import type { EventSelector } from "../model/source-descriptor.ts";
import { SOURCE_DESCRIPTORS } from "../sources/descriptors.ts";

interface SourceKey {
  dataset: string;
  eventCode: string | null;
}

function datasetMatches(pattern: string, dataset: string): boolean {
  if (pattern.endsWith(".*")) return dataset.startsWith(pattern.slice(0, -1));
  return pattern === dataset;
}

/** An event without a code may be any of its dataset's, as a rule route reads it (analyse.ts `routeReads`). */
function selects(selector: EventSelector, source: SourceKey): boolean {
  if (!datasetMatches(selector.dataset, source.dataset)) return false;
  return (
    selector.eventCodes === undefined || source.eventCode === null || selector.eventCodes.includes(source.eventCode)
  );
}

const DETAIL_TEXT = SOURCE_DESCRIPTORS.flatMap((source) => source.simpleRuleInputs.detailText);
const ADDRESSES = SOURCE_DESCRIPTORS.flatMap((source) => source.simpleRuleInputs.addresses);
const NAMED_DATASETS = SOURCE_DESCRIPTORS.flatMap((source) => source.datasets.filter((pattern) => pattern !== "*"));

const declared = (dataset: string) => NAMED_DATASETS.some((pattern) => datasetMatches(pattern, dataset));

export function simpleRuleReads(reads: SimpleRuleReads, source: SourceKey): boolean {
  if (!declared(source.dataset)) return true;
  const detail = DETAIL_TEXT.some((selector) => selects(selector, source));
  return reads === "detail_text" ? detail : detail || ADDRESSES.some((selector) => selects(selector, source));
}

/** The routes of the named datasets among the selectors (a collector ships those by name, never a pattern). */
function routesOf(selectors: readonly EventSelector[]): Route[] {
  return selectors.flatMap((selector): Route[] => {
    if (selector.dataset.endsWith(".*")) return [];
    if (selector.eventCodes === undefined) return [{ dataset: selector.dataset, eventCode: null }];
    return selector.eventCodes.map((eventCode) => ({ dataset: selector.dataset, eventCode }));
  });
}

/** The datasets and event codes a collector must ship for a simple rule to see every event it can match. */
export function simpleRuleRoutes(reads: SimpleRuleReads): Route[] {
  return routesOf(reads === "detail_text" ? DETAIL_TEXT : [...DETAIL_TEXT, ...ADDRESSES]);
}
