import { describe, expect, it } from "vitest";
import {
  linuxAgentConfig,
  type RuleNeed,
  SYSMON_FILTERABLE_IDS,
  sysmonConfig,
  sysmonEventIds,
  windowsAgentConfig,
  windowsChannels,
} from "../../../worker/coverage/agent-config.ts";
import { compileDetections } from "../../../worker/detect/compile-rule-set.ts";
import { routesForLogsource } from "../../../worker/detect/logsource.ts";
import { loadRuleBundle } from "../../../worker/rules/bundled.ts";

const bundle = await loadRuleBundle();

import { LOGSOURCES } from "../../../worker/rules/logsources.ts";
import { FIELD_MAP } from "../../../worker/sources/field-map.ts";
import { call, login } from "../../support/workers/api.ts";
import { assertWellFormedXml } from "../../support/xml-well-formed.ts";

const need = (title: string, logsource: Parameters<typeof routesForLogsource>[1]): RuleNeed => ({
  id: title,
  title,
  kind: "sigma",
  routes: routesForLogsource(LOGSOURCES, logsource),
  simpleReads: null,
});

const PROCESS = need("Whoami", { product: "windows", category: "process_creation" });
const NETWORK = need("Outbound from script host", { product: "windows", category: "network_connection" });
const REGISTRY_SET = need("Run key set", { product: "windows", category: "registry_set" });
const PS_SCRIPT = need("Download cradle", { product: "windows", category: "ps_script" });
const SSHD = need("SSH brute force", { product: "linux", service: "sshd" });
const AUDITD = need("Auditd exec", { product: "linux", service: "auditd" });
const OPTIONS = { url: "https://siem.example.org" };

/** The Sysmon elements the config logs in full (an empty exclude filter). */
const fullyLogged = (xml: string): string[] =>
  [...xml.matchAll(/<(\w+) onmatch="exclude"\/>/g)].map((m) => m[1] as string);

describe("assertWellFormedXml", () => {
  it("rejects unclosed, crossed and unescaped markup", () => {
    expect(() => assertWellFormedXml("<a><b></a></b>")).toThrow(/closes/);
    expect(() => assertWellFormedXml("<a>x & y</a>")).toThrow(/entity/);
    expect(() => assertWellFormedXml("<a><!-- a -- b --></a>")).toThrow(/comment/);
    expect(() => assertWellFormedXml("<a b=c/>")).toThrow(/malformed/);
    expect(() => assertWellFormedXml("<a/><b/>")).toThrow(/second root/);
    expect(() => assertWellFormedXml('<a x="1"><b/>text &amp; more</a>')).not.toThrow();
  });
});

describe("sysmonConfig", () => {
  it("is well-formed XML that logs exactly the events the enabled rules read", () => {
    const xml = sysmonConfig([PROCESS, NETWORK]);
    assertWellFormedXml(xml);
    expect(sysmonEventIds([PROCESS, NETWORK])).toEqual([1, 3]);
    expect(fullyLogged(xml).sort()).toEqual(["NetworkConnect", "ProcessCreate"]);
    expect(xml).toContain('<ImageLoad onmatch="include"/>');
    expect(xml).toContain('<DnsQuery onmatch="include"/>');
  });

  it("keeps one event of a shared element through its EventType", () => {
    const xml = sysmonConfig([REGISTRY_SET]);
    assertWellFormedXml(xml);
    expect(xml).toMatch(
      /<RegistryEvent onmatch="include">\s*<EventType condition="is">SetValue<\/EventType>\s*<\/RegistryEvent>/,
    );
    expect(fullyLogged(xml)).toEqual([]);
  });

  it("stays well-formed when rule titles hold comment and markup characters", () => {
    const hostile = { ...PROCESS, title: "a -- b <c> & d --> e-\u0001" };
    assertWellFormedXml(sysmonConfig([hostile]));
  });

  it("logs every filterable event for a rule that reads the whole Sysmon channel", () => {
    const wholeChannel = need("Any Sysmon", { product: "windows", service: "sysmon" });
    expect(sysmonEventIds([wholeChannel])).toEqual([...SYSMON_FILTERABLE_IDS]);
    const xml = sysmonConfig([wholeChannel]);
    assertWellFormedXml(xml);
    expect(xml).not.toContain('onmatch="include"');
    expect(fullyLogged(xml)).toContain("RegistryEvent");
  });

  it("logs nothing filterable when no enabled rule reads Sysmon", () => {
    const xml = sysmonConfig([SSHD]);
    assertWellFormedXml(xml);
    expect(fullyLogged(xml)).toEqual([]);
  });

  it("keeps process creation for the bundled rule set", () => {
    const { detections, simpleReads } = compileDetections(bundle.rules.sources, {
      logsources: LOGSOURCES,
      fieldMap: FIELD_MAP,
      placeholders: bundle.placeholders,
    });
    const rules = detections.map(({ info, routes }) => ({
      id: info.id,
      title: info.title,
      kind: info.kind,
      routes,
      simpleReads: simpleReads.get(info.id) ?? null,
    }));
    const xml = sysmonConfig(rules);
    assertWellFormedXml(xml);
    expect(sysmonEventIds(rules)).toContain(1);
    expect(fullyLogged(xml)).toContain("ProcessCreate");
  });
});

describe("windowsChannels", () => {
  it("lists each channel a rule reads with its event IDs, leaving Sysmon's filtering to its config", () => {
    expect(windowsChannels([PROCESS, PS_SCRIPT])).toEqual([
      { Name: "Security", EventIds: [4688] },
      { Name: "Microsoft-Windows-Sysmon/Operational", EventIds: [] },
      { Name: "Microsoft-Windows-PowerShell/Operational", EventIds: [4104] },
      { Name: "PowerShellCore/Operational", EventIds: [4104] },
    ]);
  });

  it("ships for a text rule the events with detail text, and for an IP-list rule those with addresses too", () => {
    const text: RuleNeed = { id: "s1", title: "whoami", kind: "simple", routes: null, simpleReads: "detail_text" };
    const list: RuleNeed = { id: "s2", title: "deny list", kind: "simple", routes: null, simpleReads: "addresses" };
    expect(windowsChannels([text])).toEqual([
      { Name: "Security", EventIds: [4688] },
      { Name: "Microsoft-Windows-Sysmon/Operational", EventIds: [] },
    ]);
    expect(sysmonEventIds([text])).toEqual([1, 2, 11, 12, 13, 14, 15, 22, 23, 26, 27, 28, 29]);
    expect(sysmonEventIds([list])).toEqual([1, 2, 3, 11, 12, 13, 14, 15, 22, 23, 26, 27, 28, 29]);
    expect(windowsChannels([list])[0]).toEqual({
      Name: "Security",
      EventIds: [4624, 4625, 4648, 4688, 4768, 4769, 4771, 5140, 5145],
    });
    expect(linuxAgentConfig([text], OPTIONS)).toContain("# The auth log feeds: whoami");
  });

  it("writes an agent.json the agent reads: its known settings plus Channels", () => {
    const config = JSON.parse(windowsAgentConfig([PS_SCRIPT], OPTIONS));
    expect(Object.keys(config)).toEqual(["Url", "Token", "Channels"]);
    expect(config.Url).toBe("https://siem.example.org");
    expect(config.Channels).toEqual([
      { Name: "Microsoft-Windows-PowerShell/Operational", EventIds: [4104] },
      { Name: "PowerShellCore/Operational", EventIds: [4104] },
    ]);
  });
});

describe("linuxAgentConfig", () => {
  it("ships the auth log when an enabled rule reads it and names the Linux sources it cannot ship", () => {
    const conf = linuxAgentConfig([SSHD, AUDITD], OPTIONS);
    expect(conf).toContain("# The auth log feeds: SSH brute force");
    expect(conf).toContain("not shipped by this agent: linux.auditd");
    expect(conf).toContain("EDGESIEM_URL=https://siem.example.org\n");
    expect(conf).toContain("EDGESIEM_SOURCE=auto\n");
  });

  it("says the agent is not needed when no rule reads the auth log", () => {
    expect(linuxAgentConfig([PROCESS], OPTIONS)).toContain("No enabled rule reads the auth log");
  });
});

describe("GET /api/v1/coverage/agent-config", () => {
  it("downloads the Sysmon config of the enabled rules as an attachment", async () => {
    const token = await login();
    const res = await call<string>("/api/v1/coverage/agent-config?agent=sysmon", { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="sysmonconfig.xml"');
    expect(res.headers.get("content-type")).toContain("application/xml");
    assertWellFormedXml(res.body);
    expect(fullyLogged(res.body)).toContain("ProcessCreate");
  });

  it("downloads the Windows and Linux agent settings", async () => {
    const token = await login();
    const windows = await call<{ Channels: { Name: string }[] }>("/api/v1/coverage/agent-config?agent=windows", {
      token,
    });
    expect(windows.headers.get("content-disposition")).toBe('attachment; filename="agent.json"');
    expect(windows.body.Channels.map((channel) => channel.Name)).toContain("Security");
    const linux = await call<string>("/api/v1/coverage/agent-config?agent=linux", { token });
    expect(linux.headers.get("content-disposition")).toBe('attachment; filename="agent.conf"');
    expect(linux.body).toContain("EDGESIEM_URL=https://edgesiem.test");
  });

  it("rejects an unknown agent and an unsigned request", async () => {
    const token = await login();
    const bad = await call("/api/v1/coverage/agent-config?agent=macos", { token });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: "agent must be sysmon, windows or linux" });
    expect((await call("/api/v1/coverage/agent-config?agent=sysmon")).status).toBe(401);
  });
});
