/**
 * Sigma logsources -> the datasets and event codes the ingest path produces, so each event is only
 * tried against rules that can read it. What each product's categories and services mean is not
 * known here: the log sources declare it (worker/sources/<source>/descriptor.ts) and the
 * caller passes their mappings in as a `LogsourceTable`. Whatever the mappings leave out follows
 * the convention `<product>.<category|service>` (zeek.http, aws.cloudtrail: Elastic's dataset
 * names too), so a log the ingest does not parse yet still gets the dataset it would have, never
 * "every event".
 */
import type { NormalisedEvent } from "../model/event.ts";
import type { LogsourceMapping, Route } from "../model/source-descriptor.ts";

export interface Logsource {
  product?: string;
  category?: string;
  service?: string;
}

interface ProductRoutes {
  /** Undefined: no source declared it, so the convention names the dataset. */
  productOnly: readonly Route[] | null | undefined;
  categories: Map<string, Route[]>;
  services: Map<string, Route[]>;
}

/** The sources' mappings merged per product (null: rules that name none). */
export interface LogsourceTable {
  readonly products: ReadonlyMap<string | null, ProductRoutes>;
  /** Per dataset, the keys an event without a code is found under. */
  readonly codelessKeys: ReadonlyMap<string, readonly string[]>;
}

export function routeKey(route: Route): string {
  return `${route.dataset}|${route.eventCode ?? "*"}`;
}

function addRoutes(table: Map<string, Route[]>, entries: Readonly<Record<string, readonly Route[]>> = {}): void {
  for (const [name, routes] of Object.entries(entries)) {
    const known = table.get(name) ?? [];
    const keys = new Set(known.map(routeKey));
    for (const route of routes) if (!keys.has(routeKey(route))) known.push(route);
    table.set(name, known);
  }
}

/** Sources that read the same logs may declare the same mapping: each route is kept once. */
function mergeProductOnly(known: ProductRoutes["productOnly"], declared: LogsourceMapping["productOnly"]) {
  if (declared === undefined) return known;
  if (declared === null || known === null) return null;
  const keys = new Set((known ?? []).map(routeKey));
  return [...(known ?? []), ...declared.filter((route) => !keys.has(routeKey(route)))];
}

/**
 * An event that carries no code (PocketSIEM's `events` list) could be any event of its dataset:
 * it is found under the key of every code some route names there.
 */
function codelessKeys(products: Iterable<ProductRoutes>): Map<string, readonly string[]> {
  const codes = new Map<string, Set<string>>();
  for (const product of products) {
    for (const routes of [...product.categories.values(), ...product.services.values()]) {
      for (const { dataset, eventCode } of routes) {
        if (eventCode === null) continue;
        const known = codes.get(dataset) ?? new Set<string>();
        known.add(eventCode);
        codes.set(dataset, known);
      }
    }
  }
  return new Map(
    [...codes].map(([dataset, known]) => [
      dataset,
      [`${dataset}|*`, ...[...known].map((code) => `${dataset}|${code}`)],
    ]),
  );
}

export function logsourceTable(mappings: readonly LogsourceMapping[]): LogsourceTable {
  const products = new Map<string | null, ProductRoutes>();
  for (const mapping of mappings) {
    let product = products.get(mapping.product);
    if (product === undefined) {
      product = { productOnly: undefined, categories: new Map(), services: new Map() };
      products.set(mapping.product, product);
    }
    product.productOnly = mergeProductOnly(product.productOnly, mapping.productOnly);
    addRoutes(product.categories, mapping.categories);
    addRoutes(product.services, mapping.services);
  }
  return { products, codelessKeys: codelessKeys(products.values()) };
}

const anyCode = (datasets: readonly string[]): Route[] => datasets.map((dataset) => ({ dataset, eventCode: null }));

/** A name safe to use in a dataset: lower case, runs of other characters as `_`. */
const datasetPart = (name: string): string => name.replace(/[^a-z0-9_.]+/g, "_");

function mappedProductRoutes(
  product: string,
  routes: ProductRoutes,
  category: string | undefined,
  service: string | undefined,
): readonly Route[] | null {
  if (service !== undefined) return routes.services.get(service) ?? anyCode([`${product}.${datasetPart(service)}`]);
  if (category === undefined) return routes.productOnly === undefined ? anyCode([product]) : routes.productOnly;
  return routes.categories.get(category) ?? anyCode([`${product}.${datasetPart(category)}`]);
}

function productlessRoutes(
  routes: ProductRoutes | undefined,
  category: string | undefined,
  service: string | undefined,
): readonly Route[] | null {
  if (service !== undefined) return routes?.services.get(service) ?? anyCode([datasetPart(service)]);
  if (category === undefined) return null;
  return routes?.categories.get(category) ?? anyCode([datasetPart(category)]);
}

/** A service already named `<product>.<log>` (gcp's `gcp.audit`) is a dataset as it stands. */
function conventionRoutes(
  product: string,
  category: string | undefined,
  service: string | undefined,
): readonly Route[] {
  if (service !== undefined) {
    return anyCode([service.includes(".") ? datasetPart(service) : `${datasetPart(product)}.${datasetPart(service)}`]);
  }
  return anyCode([category === undefined ? datasetPart(product) : `${datasetPart(product)}.${datasetPart(category)}`]);
}

const normalise = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim().toLowerCase();
  return trimmed === "" ? undefined : trimmed;
};

/**
 * The routes of a rule's logsource; null when it names nothing that narrows it (a field-less
 * `product: windows` keyword rule), so the rule is tried on every event.
 */
export function routesForLogsource(table: LogsourceTable, logsource: Logsource): readonly Route[] | null {
  const product = normalise(logsource.product);
  const category = normalise(logsource.category);
  const service = normalise(logsource.service);
  if (product === undefined) return productlessRoutes(table.products.get(null), category, service);
  const mapped = table.products.get(product);
  return mapped === undefined
    ? conventionRoutes(product, category, service)
    : mappedProductRoutes(datasetPart(product), mapped, category, service);
}

/** The index keys an event can be found under: its dataset with its code, and with any code. */
export function routeKeysForEvent(table: LogsourceTable, event: NormalisedEvent): readonly string[] {
  const anyCodeKey = `${event.dataset}|*`;
  if (event.eventCode !== null) return [`${event.dataset}|${event.eventCode}`, anyCodeKey];
  return table.codelessKeys.get(event.dataset) ?? [anyCodeKey];
}
