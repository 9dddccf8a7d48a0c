/**
 * The Coverage page as an analyst tunes collection with it: the log sources of ingested events with
 * their volume and verdict, the ATT&CK matrix with technique names, what covers them and the gaps, a
 * what-if answer when a source is unticked, and a generated Sysmon configuration downloaded from the page.
 */
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { screenshot, startUiSession, type UiSession } from "../support/ui-session.ts";

const MINUTE = 60_000;
const SYSMON = "Microsoft-Windows-Sysmon/Operational";

const utc = (minutesAgo: number) =>
  new Date(Date.now() - minutesAgo * MINUTE).toISOString().replace("T", " ").replace("Z", "");

function processStart(minutesAgo: number, commandLine: string, image: string) {
  return {
    Channel: SYSMON,
    EventID: 1,
    Computer: "ws-coverage-01",
    UtcTime: utc(minutesAgo),
    Image: image,
    CommandLine: commandLine,
    ParentImage: "C:\\Windows\\System32\\cmd.exe",
    User: "CORP\\alice",
  };
}

function dnsQuery(minutesAgo: number) {
  return {
    Channel: SYSMON,
    EventID: 22,
    Computer: "ws-coverage-01",
    UtcTime: utc(minutesAgo),
    Image: "C:\\Program Files\\Browser\\browser.exe",
    QueryName: "example.org",
  };
}

/** A user's rule whose title is markup: the matrix lists it under the technique it names, as text. */
const HOSTILE_TITLE = `<img src=x onerror="alert('coverage')"> roast`;
const HOSTILE_RULE = `- 'zz-coverage*kerberoast-probe'  # level: low; tags: attack.t1558.003; title: ${HOSTILE_TITLE}`;

describe("coverage", () => {
  let ui: UiSession;

  beforeAll(async () => {
    ui = await startUiSession();
    const agent = await ui.admin.createAgentToken("coverage-agent");
    const answer = await ui.admin.ingest(agent, [
      processStart(30, "whoami /priv", "C:\\Windows\\System32\\whoami.exe"),
      processStart(20, "vssadmin delete shadows /all /quiet", "C:\\Windows\\System32\\vssadmin.exe"),
      processStart(10, "notepad.exe notes.txt", "C:\\Windows\\System32\\notepad.exe"),
      ...Array.from({ length: 5 }, (_, i) => dnsQuery(5 + i)),
    ]);
    expect(answer.accepted).toBe(8);
    await ui.admin.call("POST", "/rules", { kind: "simple", text: HOSTILE_RULE });
    await ui.signIn();
  });

  afterAll(async () => {
    await ui?.close();
  });

  test("lists the sources, answers a what-if for an unticked source and downloads a Sysmon config", async () => {
    const { page } = ui;
    await page.goto(ui.url("/coverage"));
    await page.getByRole("heading", { name: "Coverage", level: 1 }).waitFor();
    const table = page.getByRole("table", { name: "Log sources" });
    const keepProcessStarts = table.getByRole("checkbox", {
      name: "Keep windows.sysmon_operational event 1",
      exact: true,
    });
    await keepProcessStarts.waitFor();
    const verdicts = await table.locator(".coverage-verdict").allTextContents();
    expect(verdicts.length).toBeGreaterThanOrEqual(2);
    for (const verdict of verdicts)
      expect(verdict).toMatch(/^feeds (\d+ rules? that fired|rules that never fired|no rule)$/);
    await page.getByRole("heading", { name: "ATT&CK matrix" }).waitFor();

    await keepProcessStarts.uncheck();
    const whatIf = page.locator("section.coverage-whatif");
    await whatIf.getByRole("heading", { name: "What if this source is dropped" }).waitFor();
    await whatIf.getByText("Volume saved").waitFor();
    await whatIf.getByText("Past alerts lost").waitFor();
    expect(new URL(page.url()).searchParams.getAll("drop")).toEqual(["windows.sysmon_operational|1"]);
    await screenshot(page, "coverage");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Sysmon config" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("sysmonconfig.xml");
    const xml = await readFile(await download.path(), "utf8");
    expect(xml).toContain('<Sysmon schemaversion="4.90">');
    expect(xml).toContain('<ProcessCreate onmatch="exclude"/>');

    await whatIf.getByRole("button", { name: "Keep all" }).click();
    await whatIf.waitFor({ state: "detached" });
    expect(ui.problems).toEqual({ errors: [], dialogs: [] });
  });

  test("names the techniques, shows what covers them, lists the gaps and keeps a rule title as text", async () => {
    const { page } = ui;
    await page.goto(ui.url("/coverage"));
    const matrix = page.locator("section", { has: page.getByRole("heading", { name: "ATT&CK matrix" }) });
    await matrix.waitFor();

    const discovery = matrix.getByRole("list", { name: "Techniques named in Discovery" });
    const whoami = discovery.locator("li.coverage-covered", { hasText: "T1033" });
    await whoami.getByText("System Owner/User Discovery").waitFor();
    await whoami.locator("summary").click();
    await whoami.getByText("Fed by windows.sysmon_operational 1").waitFor();
    await whoami.getByRole("list", { name: "Rules naming T1033" }).getByText("Simple rule: whoami*/priv").waitFor();

    const gaps = matrix.getByRole("list", { name: "Gaps in Credential access" });
    // No shipped rule (EdgeSIEM's or the default SigmaHQ packs') names MFA interception.
    const mfa = gaps.locator("li", { hasText: "T1111" });
    await mfa.getByText("Multi-Factor Authentication Interception").waitFor();
    expect(await mfa.getAttribute("class")).toContain("coverage-gap");
    expect(await gaps.getByText("T1558", { exact: true }).count()).toBe(0);

    const credential = matrix.getByRole("list", { name: "Techniques named in Credential access" });
    const kerberoasting = credential.locator("li", { hasText: "T1558.003" });
    await kerberoasting.getByText("Kerberoasting").waitFor();
    await kerberoasting.locator("summary").click();
    await kerberoasting.getByRole("list", { name: "Rules naming T1558.003" }).getByText(HOSTILE_TITLE).waitFor();
    expect(await matrix.locator("img").count()).toBe(0);
    await matrix.getByText("MITRE ATT&CK® Enterprise 18.0").waitFor();
    await screenshot(page, "coverage-matrix");
    expect(ui.problems).toEqual({ errors: [], dialogs: [] });
  });
});
