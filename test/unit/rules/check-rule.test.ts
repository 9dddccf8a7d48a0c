/**
 * A rule text is checked with the placeholders of the active set it is checked against
 * (rules/placeholders.yml and the IP lists), not with whatever the isolate compiled before.
 */
import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { ActiveRules } from "../../../worker/rules/active-rule-set.ts";
import { checkRuleText, compileText } from "../../../worker/rules/check-rule.ts";
import { contextWithout } from "../../../worker/rules/rule-changes.ts";
import { openStore } from "../../../worker/store/handle.ts";
import { call, login } from "../../support/workers/api.ts";

const LIST_RULE = [
  "title: Connection to a command server",
  "id: 5d1f2a7e-3c4b-4e8f-9a60-7b2c1d0e9f31",
  "logsource:",
  "  product: windows",
  "  category: network_connection",
  "detection:",
  "  selection:",
  "    DestinationIp|expand|cidr: '%c2_servers%'",
  "  condition: selection",
  "level: high",
].join("\n");

/**
 * The active set as an isolate that compiled it earlier holds it. Its own module graph, so the
 * check below runs in modules that never compiled a rule set, like a fresh isolate's.
 */
async function activeRulesCompiledElsewhere(): Promise<ActiveRules> {
  vi.resetModules();
  const { activeRules } = await import("../../../worker/rules/active-rule-set.ts");
  return activeRules(openStore(env.DB), env.ARCHIVE);
}

describe("checking a rule text that names an IP list", () => {
  it("compiles with the IP lists in an isolate that compiled no rule set before", async () => {
    const admin = await login();
    const created = await call("/api/v1/ip-lists", {
      method: "POST",
      token: admin,
      json: { name: "c2_servers", kind: "deny", entries: ["198.51.100.0/24"] },
    });
    expect(created.status).toBe(201);
    const active = await activeRulesCompiledElsewhere();

    const source = { origin: "test", kind: "sigma" as const, text: LIST_RULE };
    const compiled = compileText(source, contextWithout(active, new Set()));
    expect(compiled.errors).toEqual([]);
    expect(compiled.ruleIds).toEqual(["5d1f2a7e-3c4b-4e8f-9a60-7b2c1d0e9f31"]);
    const check = checkRuleText(source, contextWithout(active, new Set()));
    expect(check.ok).toBe(true);
  });
});
