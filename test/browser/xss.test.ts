/**
 * Log text is attacker-controlled (issue #4 point 10). Events sent through the real ingest API carry
 * script and event-handler payloads in the host, user, command line, image, file, registry, network
 * and web fields; they raise alerts (a shipped simple rule and a rule whose own title and metadata
 * are payloads), and an exception carries payloads too (agent token names allow no markup). Every page that shows them
 * is opened (with its detail panel and value menus where it has them) and the test fails if a dialog
 * opens, a payload's canary global is set, or any injected element or attribute reaches the DOM,
 * even for an instant (a MutationObserver installed before the app watches every insertion).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { screenshot, startUiSession, type UiSession } from "../support/ui-session.ts";

/** Each payload sets the canary and opens a dialog if it ever runs. */
const PAYLOAD = {
  script: `<script>window.__xss='script';alert('script')</script>`,
  img: `<img src=x onerror="window.__xss='img';alert('img')">`,
  svg: `"><svg onload="window.__xss='svg';alert('svg')">`,
  attribute: `' autofocus onfocus='window.__xss="attr";alert("attr")' x='`,
  url: `javascript:window.__xss='href';alert('href')//`,
  iframe: `<iframe srcdoc="<script>parent.__xss='iframe'</script>"></iframe>`,
};

const RULE_ID = "a5d1c8e2-0b7e-4c55-9d4e-5c0ffee0c0de";
/** A rule whose title, description and references are payloads; it matches the canary command. */
const PAYLOAD_RULE = `title: 'XSS canary ${PAYLOAD.img.replaceAll("'", "''")}'
id: ${RULE_ID}
status: test
level: high
description: 'Raised by ${PAYLOAD.svg.replaceAll("'", "''")}'
author: '${PAYLOAD.script.replaceAll("'", "''")}'
references:
  - '${PAYLOAD.url.replaceAll("'", "''")}'
tags:
  - attack.t1059
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    CommandLine|contains: 'xss-canary-rule'
  condition: selection
`;

const MINUTE = 60_000;
const sysmonTime = (minutesAgo: number) =>
  new Date(Date.now() - minutesAgo * MINUTE).toISOString().replace("T", " ").replace("Z", "");
const sysmon = (eventId: number, host: string, minutesAgo: number, fields: Record<string, unknown>) => ({
  Channel: "Microsoft-Windows-Sysmon/Operational",
  EventID: eventId,
  Computer: host,
  UtcTime: sysmonTime(minutesAgo),
  ...fields,
});

const HOST_IMG = `ws-${PAYLOAD.img}`;
const HOST_URL = PAYLOAD.url;

const RECORDS = [
  // Raises the shipped simple rule 'whoami*/priv'.
  sysmon(1, HOST_IMG, 30, {
    Image: `C:\\Users\\Public\\${PAYLOAD.script}.exe`,
    CommandLine: `whoami /priv ${PAYLOAD.img} ${PAYLOAD.attribute}`,
    ParentImage: `C:\\Temp\\${PAYLOAD.svg}.exe`,
    ParentCommandLine: PAYLOAD.iframe,
    User: `CORP\\${PAYLOAD.svg}`,
    ProcessGuid: "{11111111-2222-3333-4444-555555555555}",
    ProcessId: 4242,
  }),
  // Raises the payload rule.
  sysmon(1, HOST_URL, 25, {
    Image: PAYLOAD.url,
    CommandLine: `cmd.exe /c xss-canary-rule ${PAYLOAD.svg}`,
    ParentImage: "C:\\Windows\\explorer.exe",
    User: PAYLOAD.url,
  }),
  sysmon(11, HOST_IMG, 20, {
    Image: `C:\\Temp\\${PAYLOAD.iframe}`,
    TargetFilename: `C:\\Users\\Public\\${PAYLOAD.svg}.docx`,
    User: PAYLOAD.attribute,
  }),
  sysmon(3, HOST_URL, 15, {
    Image: `C:\\Temp\\${PAYLOAD.img}.exe`,
    User: PAYLOAD.script,
    Protocol: "tcp",
    SourceIp: "10.0.0.5",
    SourcePort: 50123,
    DestinationIp: "203.0.113.7",
    DestinationHostname: PAYLOAD.img,
    DestinationPort: 443,
  }),
  sysmon(13, HOST_IMG, 10, {
    EventType: "SetValue",
    Image: PAYLOAD.url,
    TargetObject: `HKU\\S-1-5-21\\Software\\${PAYLOAD.script}`,
    Details: PAYLOAD.url,
  }),
  {
    Channel: "Security",
    EventID: 4624,
    Computer: HOST_IMG,
    TimeCreated: new Date(Date.now() - 12 * MINUTE).toISOString(),
    TargetUserName: PAYLOAD.svg,
    TargetDomainName: PAYLOAD.script,
    WorkstationName: PAYLOAD.img,
    IpAddress: "198.51.100.4",
    LogonType: "10",
  },
  {
    _path: "http",
    _system_name: PAYLOAD.svg,
    ts: (Date.now() - 8 * MINUTE) / 1000,
    "id.orig_h": "10.0.0.9",
    "id.orig_p": 51000,
    "id.resp_h": "203.0.113.80",
    "id.resp_p": 80,
    method: "GET",
    host: PAYLOAD.img,
    uri: PAYLOAD.url,
    referrer: PAYLOAD.url,
    user_agent: PAYLOAD.script,
  },
];

/**
 * Runs in every document before the app: records any inserted node that a payload could have made,
 * so an element that is added and then removed again is still caught.
 */
function watchInsertions(): void {
  const found: string[] = [];
  (window as unknown as { __injected: string[] }).__injected = found;
  const check = (node: Node) => {
    if (!(node instanceof Element)) return;
    for (const element of [node, ...node.querySelectorAll("*")]) {
      const tag = element.tagName.toLowerCase();
      const handler = [...element.attributes].find((a) => a.name.toLowerCase().startsWith("on"));
      if (handler) found.push(`<${tag} ${handler.name}>`);
      if (tag === "script" && !(element as HTMLScriptElement).src.includes("/assets/")) found.push("<script>");
      if (["iframe", "object", "embed"].includes(tag)) found.push(`<${tag}>`);
      if (tag === "img" && element.getAttribute("src") === "x") found.push("<img src=x>");
    }
  };
  new MutationObserver((mutations) => {
    for (const mutation of mutations) for (const node of mutation.addedNodes) check(node);
  }).observe(document, { childList: true, subtree: true });
}

interface DomFindings {
  canary: unknown;
  injected: string[];
  present: string[];
  builtPage: boolean;
  showsPayload: boolean;
}

/** What is in the page now: the canary, insertions seen so far, and a scan of the live DOM. */
function inspectDom(): DomFindings {
  const present: string[] = [];
  for (const element of document.querySelectorAll("*")) {
    const tag = element.tagName.toLowerCase();
    for (const attribute of element.attributes) {
      if (attribute.name.toLowerCase().startsWith("on")) present.push(`<${tag} ${attribute.name}>`);
      if (attribute.name === "srcdoc") present.push(`<${tag} srcdoc>`);
    }
    if (tag === "script" && !(element as HTMLScriptElement).src.includes("/assets/")) present.push("<script>");
    if (["iframe", "object", "embed"].includes(tag)) present.push(`<${tag}>`);
    if (tag === "img" && element.getAttribute("src") === "x") present.push("<img src=x>");
    if (element instanceof HTMLAnchorElement && element.protocol === "javascript:") {
      present.push(`<a href="${element.getAttribute("href")}">`);
    }
    if (element instanceof HTMLIFrameElement || element instanceof HTMLFormElement) {
      const action = element.getAttribute("src") ?? element.getAttribute("action") ?? "";
      if (action.trim().toLowerCase().startsWith("javascript:")) present.push(`<${tag} javascript:>`);
    }
  }
  const text = document.querySelector("main")?.textContent ?? document.body.textContent ?? "";
  return {
    canary: (window as unknown as { __xss?: unknown }).__xss,
    injected: (window as unknown as { __injected?: string[] }).__injected ?? [],
    present,
    builtPage: !text.includes("This page is not built yet."),
    showsPayload: text.includes("__xss"),
  };
}

interface Coverage {
  page: string;
  built: boolean;
  showsPayload: boolean;
  menusOpened: number;
}

describe("attacker-controlled log text", () => {
  let ui: UiSession;
  let ruleAlertId: number;
  let whoamiAlertId: number;
  const coverage: Coverage[] = [];

  beforeAll(async () => {
    ui = await startUiSession();
    await ui.admin.call("POST", "/rules", { kind: "sigma", text: PAYLOAD_RULE });
    const agent = await ui.admin.createAgentToken("xss-agent");
    const answer = await ui.admin.ingest(agent, RECORDS);
    expect(answer.rejected).toEqual([]);
    expect(answer.alerts).toBeGreaterThanOrEqual(2);
    await ui.admin.call("POST", "/exceptions", { field: "User", value: PAYLOAD.svg, comment: PAYLOAD.img });

    const { alerts } = await ui.admin.call<{ alerts: { id: number; rule: { id: string; title: string } }[] }>(
      "GET",
      "/alerts",
    );
    ruleAlertId = alerts.find((a) => a.rule.id === RULE_ID)?.id ?? 0;
    whoamiAlertId = alerts.find((a) => a.rule.title.includes("whoami"))?.id ?? 0;
    expect(ruleAlertId).toBeGreaterThan(0);
    expect(whoamiAlertId).toBeGreaterThan(0);

    await ui.browser.context.addInitScript(watchInsertions);
    await ui.signIn();
  });

  afterAll(async () => {
    if (coverage.length > 0) console.info(`XSS coverage:\n${JSON.stringify(coverage, null, 1)}`);
    await ui?.close();
  });

  async function expectClean(where: string) {
    const findings = await ui.page.evaluate(inspectDom);
    expect({ where, canary: findings.canary, injected: findings.injected, present: findings.present }).toEqual({
      where,
      canary: undefined,
      injected: [],
      present: [],
    });
    expect(ui.problems.dialogs).toEqual([]);
    return findings;
  }

  /** Opens the value menus of the first few cells that show a payload, checking the DOM each time. */
  async function openValueMenus(where: string): Promise<number> {
    const triggers = ui.page.locator("main button", { hasText: "__xss" });
    const count = Math.min(await triggers.count(), 4);
    for (let i = 0; i < count; i++) {
      await triggers.nth(i).click();
      await ui.page.waitForTimeout(100);
      await expectClean(`${where} (menu ${i + 1})`);
      await ui.page.keyboard.press("Escape");
    }
    return count;
  }

  /** Opens the first row's detail (events and quick views), if the page has a table. */
  async function openFirstRow(where: string): Promise<void> {
    const row = ui.page.locator("main table tbody tr").first();
    if ((await row.count()) === 0) return;
    await row.click({ position: { x: 5, y: 5 } });
    await ui.page.waitForTimeout(300);
    await expectClean(`${where} (row opened)`);
  }

  async function visit(path: string, options: { rows?: boolean; shows?: string } = {}) {
    await ui.page.goto(ui.url(path));
    await ui.page
      .getByRole("heading", { level: 1 })
      .first()
      // Generous: the machine may be busy with the Worker, the browser and other work at once.
      .waitFor({ timeout: 30_000 })
      .catch(async (error: Error) => {
        const shown = await ui.page.locator("body").textContent();
        throw new Error(`${path}: ${error.message}\npage errors: ${ui.problems.errors.join("; ")}\npage: ${shown}`);
      });
    await ui.page.waitForLoadState("networkidle");
    if (options.shows) await ui.page.getByRole("button", { name: options.shows }).waitFor();
    // Time for an <img src=x> to fail and fire its onerror, had one been inserted.
    await ui.page.waitForTimeout(300);
    const findings = await expectClean(path);
    let menusOpened = 0;
    if (findings.builtPage) {
      if (options.rows) await openFirstRow(path);
      menusOpened = await openValueMenus(path);
      await ui.page.keyboard.press("Escape");
    }
    const name = path.replace(/^\//, "").replace(/[^a-z0-9]+/gi, "-") || "overview";
    await screenshot(ui.page, `xss-${name}`);
    coverage.push({ page: path, built: findings.builtPage, showsPayload: findings.showsPayload, menusOpened });
  }

  test("the overview renders hosts and rule titles from payloads as text", async () => {
    await visit("/?range=24h");
  });

  test("the events page, with each event's detail panel open in turn, renders every field as text", async () => {
    await visit("/events?range=24h", { rows: true });
    const { events } = await ui.admin.call<{ events: { id: number }[] }>("GET", "/events");
    expect(events).toHaveLength(RECORDS.length);
    for (const { id } of events) await visit(`/events?range=24h&event=${id}`, { shows: "Close event" });
  });

  test.each([
    "/views/logins",
    "/views/processes",
    "/views/files",
    "/views/network",
    "/views/other",
    "/views/submissions",
  ])("the quick view %s renders its columns and value menus as text", async (path) => {
    await visit(`${path}?range=7d`, { rows: true });
  });

  test("the alerts list and the pages of both alerts render payloads as text", async () => {
    await visit("/alerts");
    await visit(`/alerts/${ruleAlertId}`);
    await visit(`/alerts/${whoamiAlertId}`);
  });

  test("hosts, exceptions, rules and the payload rule render payloads as text", async () => {
    await visit("/hosts");
    await visit("/exceptions");
    await visit("/rules");
    await visit(`/rules/${RULE_ID}`);
  });

  test("no page opened a dialog, raised a script error or set the canary", async () => {
    expect(coverage.length).toBeGreaterThanOrEqual(15);
    expect(coverage.find((c) => c.page.startsWith("/?"))).toMatchObject({ built: true, showsPayload: true });
    expect(ui.problems).toEqual({ errors: [], dialogs: [] });
  });
});
