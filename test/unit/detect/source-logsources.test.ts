/**
 * Rule routing reads the log sources' declarations: every category, service and product-only
 * route a descriptor declares is where the compiled rule set sends a rule of that logsource.
 */
import { describe, expect, it } from "vitest";
import { compileRuleSet } from "../../../worker/detect/compile-rule-set.ts";
import { type Logsource, routeKey, routesForLogsource } from "../../../worker/detect/logsource.ts";
import type { Route } from "../../../worker/model/source-descriptor.ts";
import { LOGSOURCES } from "../../../worker/rules/logsources.ts";
import { SOURCE_DESCRIPTORS } from "../../../worker/sources/descriptors.ts";
import { FIELD_MAP } from "../../../worker/sources/field-map.ts";

/** Each logsource a descriptor declares, with the routes it declares for it. */
function declared(): { source: string; logsource: Logsource; routes: readonly Route[] | null }[] {
  return SOURCE_DESCRIPTORS.flatMap((descriptor) =>
    descriptor.logsources.flatMap((mapping) => {
      const product = mapping.product === null ? {} : { product: mapping.product };
      return [
        ...Object.entries(mapping.categories ?? {}).map(([category, routes]) => ({
          source: descriptor.name,
          logsource: { ...product, category },
          routes,
        })),
        ...Object.entries(mapping.services ?? {}).map(([service, routes]) => ({
          source: descriptor.name,
          logsource: { ...product, service },
          routes,
        })),
        ...(mapping.productOnly === undefined || mapping.product === null
          ? []
          : [{ source: descriptor.name, logsource: product, routes: mapping.productOnly }]),
      ];
    }),
  );
}

const keys = (routes: readonly Route[] | null) => (routes === null ? null : routes.map(routeKey));

describe("logsource routing from the source descriptors", () => {
  it("routes each declared logsource to at least the routes its descriptor declares", () => {
    const entries = declared();
    expect(entries.length).toBeGreaterThan(100);
    for (const { source, logsource, routes } of entries) {
      const routed = keys(routesForLogsource(LOGSOURCES, logsource));
      const expected = keys(routes);
      if (expected === null) expect(routed, `${source} ${JSON.stringify(logsource)}`).toBeNull();
      else expect(routed, `${source} ${JSON.stringify(logsource)}`).toEqual(expect.arrayContaining(expected));
    }
  });

  it("gives a compiled rule the routes its logsource's descriptor declares", () => {
    const descriptor = SOURCE_DESCRIPTORS.find((d) => d.name === "linux_auth");
    const sshd = descriptor?.logsources[0]?.services?.sshd;
    expect(sshd).toBeDefined();
    const set = compileRuleSet(
      [
        {
          origin: "sshd.yml",
          kind: "sigma",
          text: "title: t\nid: sshd-rule\nlogsource:\n  product: linux\n  service: sshd\ndetection:\n  sel:\n    message|contains: Failed\n  condition: sel\n",
        },
      ],
      { logsources: LOGSOURCES, fieldMap: FIELD_MAP },
    );
    expect(set.errors).toEqual([]);
    expect(keys(set.routes.get("sshd-rule") ?? null)).toEqual(keys(sshd ?? null));
  });
});
