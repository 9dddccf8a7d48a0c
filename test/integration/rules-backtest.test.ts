import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

const WHOAMI_ID = "5f1d3a2e-8c4b-4f6a-9d0e-1b2c3d4e5f60";
const whoamiRule = (id = WHOAMI_ID) => `title: Whoami Execution
id: ${id}
status: test
level: medium
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
fields:
  - CommandLine
`;

const BURST_ID = "c0ffee00-1111-4222-8333-444455556666";
/** Three whoami runs on one host within ten minutes: a correlation over a base rule of its own file. */
const burstRule = `title: Whoami Burst
id: ${BURST_ID}
status: test
level: high
correlation:
  type: event_count
  rules:
    - whoami_run
  group-by:
    - Computer
  timespan: 10m
  condition:
    gte: 3
---
title: Whoami Run
id: 0a0b0c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d
name: whoami_run
status: test
level: informational
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
`;

const TO = "2026-11-24T00:00:00.000Z";

const sysmonProcess = (time: string, image: string, commandLine: string, computer = "WS01") => ({
  Channel: "Microsoft-Windows-Sysmon/Operational",
  EventID: 1,
  Computer: computer,
  UtcTime: `2026-11-23 ${time}.000`,
  Image: image,
  CommandLine: commandLine,
  ParentImage: "C:\\Windows\\System32\\cmd.exe",
  User: "CORP\\bob",
});

const WHOAMI = "C:\\Windows\\System32\\whoami.exe";
const NOTEPAD = "C:\\Windows\\System32\\notepad.exe";

/** Five events, oldest first: three whoami runs within minutes (two alike), notepad, and a later whoami. */
async function storeEvents(): Promise<void> {
  const { token } = await agentToken(await login(), "ws01");
  const stored = await ingest(
    token,
    JSON.stringify({
      batch_id: "backtest-1",
      events: [
        sysmonProcess("06:00:00", WHOAMI, "whoami /all"),
        sysmonProcess("06:01:00", NOTEPAD, "notepad.exe"),
        sysmonProcess("06:02:00", WHOAMI, "whoami /all"),
        sysmonProcess("06:03:00", WHOAMI, "whoami /priv"),
        sysmonProcess("09:00:00", WHOAMI, "whoami /all"),
      ],
    }),
  );
  expect(stored.body.accepted).toBe(5);
}

interface RuleResult {
  id: string;
  kind: string;
  requested: string;
  alerts: number;
  events: number;
  suppressed: number;
  samples: { event_id: number; ts: string; host: string | null; summary: string }[];
}

interface Answer {
  rules_tried: number;
  scanned: number;
  total: number;
  done: boolean;
  approximate: boolean;
  rules: RuleResult[];
  state: string | null;
  error?: string;
}

function backtest(token: string, json: Record<string, unknown>) {
  return call<Answer>("/api/v1/rules/backtest", { method: "POST", token, json });
}

/** Every page of a run, the answers in order. */
async function runToEnd(token: string, json: Record<string, unknown>): Promise<Answer[]> {
  const pages: Answer[] = [];
  let state: string | null = null;
  do {
    const res = await backtest(token, { ...json, ...(state === null ? {} : { state }) });
    expect(res.status).toBe(200);
    pages.push(res.body);
    state = res.body.state;
  } while (state !== null && pages.length < 20);
  return pages;
}

const alertCount = async () =>
  (await env.DB.prepare("SELECT count(*) AS n FROM alerts WHERE rule_id = ?").bind(WHOAMI_ID).first<{ n: number }>())
    ?.n ?? 0;

describe("rules API: backtest", () => {
  it("runs a text over the range in pages, with progress, and counts the alerts ingest would have raised", async () => {
    await storeEvents();
    const admin = await login();
    const pages = await runToEnd(admin, { texts: [{ text: whoamiRule() }], days: 7, to: TO, page_size: 2 });

    expect(pages.map((page) => [page.scanned, page.total, page.done])).toEqual([
      [2, 5, false],
      [4, 5, false],
      [5, 5, true],
    ]);
    const [result] = pages[2]?.rules ?? [];
    // whoami /all twice within the dedup window is one alert, /priv another, /all three hours later a third.
    expect(result).toMatchObject({ id: WHOAMI_ID, kind: "sigma", requested: "texts[0]", alerts: 3, events: 4 });
    expect(result?.samples.map((s) => s.summary)).toEqual([
      "process_creation · whoami /all · CORP\\bob",
      "process_creation · whoami /priv · CORP\\bob",
      "process_creation · whoami /all · CORP\\bob",
    ]);
    expect(result?.samples[2]).toMatchObject({ host: "WS01", ts: "2026-11-23T09:00:00.000Z" });
    expect(await alertCount()).toBe(0);
  });

  it("leaves out events outside the days before 'to'", async () => {
    await storeEvents();
    const [page] = await runToEnd(await login(), {
      texts: [{ text: whoamiRule() }],
      days: 1,
      to: "2026-11-25T00:00:00Z",
    });
    expect(page).toMatchObject({ scanned: 0, total: 0, done: true, state: null });
  });

  it("tries a stored rule by id before it is enabled", async () => {
    await storeEvents();
    const admin = await login();
    expect((await call("/api/v1/rules", { method: "POST", token: admin, json: { text: whoamiRule() } })).status).toBe(
      201,
    );
    await call(`/api/v1/rules/${WHOAMI_ID}/disable`, { method: "POST", token: admin });
    const pages = await runToEnd(admin, { rules: [WHOAMI_ID], to: TO });
    expect(pages).toHaveLength(1);
    expect(pages[0]?.rules).toEqual([expect.objectContaining({ id: WHOAMI_ID, requested: WHOAMI_ID, alerts: 3 })]);
  });

  it("backtests a correlation in event order across pages", async () => {
    await storeEvents();
    const pages = await runToEnd(await login(), { texts: [{ text: burstRule }], to: TO, page_size: 1 });
    expect(pages).toHaveLength(5);
    const burst = pages[4]?.rules.find((rule) => rule.id === BURST_ID);
    expect(burst).toMatchObject({ kind: "correlation", alerts: 1, events: 1 });
    expect(burst?.samples).toEqual([expect.objectContaining({ ts: "2026-11-23T06:03:00.000Z" })]);
  });

  it("applies existing exceptions and counts what they suppress", async () => {
    await storeEvents();
    const admin = await login();
    const exception = await call("/api/v1/exceptions", {
      method: "POST",
      token: admin,
      json: { field: "CommandLine", value: "WHOAMI /ALL", rule_id: WHOAMI_ID },
    });
    expect(exception.status).toBe(201);
    const [page] = await runToEnd(admin, { texts: [{ text: whoamiRule() }], to: TO });
    expect(page?.rules[0]).toMatchObject({ alerts: 1, events: 1, suppressed: 3 });
  });

  it("tries the rules a pack that is off would switch on, listing those that matched", async () => {
    await storeEvents();
    const admin = await login();
    const pages = await runToEnd(admin, { pack: "core+", to: TO });
    const last = pages.at(-1) as Answer;
    // core+ holds core, which is on: only its medium rules are tried.
    expect(last.rules_tried).toBeGreaterThan(1000);
    expect(last.rules.length).toBeLessThan(20);
    expect(last.rules.every((rule) => rule.events > 0)).toBe(true);
    // SigmaHQ's "Enumerate All Information With Whoami.EXE" (core+): the three whoami /all runs.
    expect(last.rules.find((rule) => rule.id === "c248c896-e412-4279-8c15-1c558067b6fa")).toMatchObject({
      requested: "c248c896-e412-4279-8c15-1c558067b6fa",
      events: 3,
    });
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM alerts WHERE rule_id = ?")
      .bind("c248c896-e412-4279-8c15-1c558067b6fa")
      .first<{ n: number }>();
    expect(stored?.n).toBe(0);

    const unknown = await backtest(admin, { pack: "core-plus" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/'pack' must be one of .*core\+/);
    const on = await backtest(admin, { pack: "core" });
    expect(on.status).toBe(400);
    expect(on.body.error).toMatch(/every rule of the core pack is on already/);

    // Two emerging-threats rules need placeholder values: a pack's run leaves them out, it is not refused.
    await call("/api/v1/rules/packs/emerging-threats/disable", { method: "POST", token: admin });
    const threats = await backtest(admin, { pack: "emerging-threats", to: TO });
    expect(threats.status).toBe(200);
    expect(threats.body.rules_tried).toBeGreaterThan(400);
  });

  it("answers an unknown rule id with 404 naming it", async () => {
    const res = await backtest(await login(), { rules: ["no-such-rule"] });
    expect(res).toMatchObject({ status: 404, body: { error: "no rule with id no-such-rule" } });
  });

  it("answers a text that does not compile with 400 naming it and its line", async () => {
    const broken = whoamiRule().replace("condition: selection", "condition: selection and missing");
    const res = await backtest(await login(), { texts: [{ text: whoamiRule("a-different-id") }, { text: broken }] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/^texts\[1\] does not compile/);
    expect(res.body.error).toContain("missing");
  });

  it("refuses bad input with a 400 naming the problem", async () => {
    const admin = await login();
    const cases: [Record<string, unknown>, string][] = [
      [{}, "name a rule to try in 'rules', 'texts' or 'pack'"],
      [{ texts: [{ text: whoamiRule() }], days: 31 }, "'days' must be an integer from 1 to 30"],
      [{ texts: [{ text: whoamiRule() }], page_size: 0 }, "'page_size' must be an integer from 1 to 2000"],
      [{ rules: ["bad id!"] }, "rules[0] must be a rule id: 1 to 128 letters, digits and . _ : -"],
      [{ texts: [{ kind: "yara", text: "x" }] }, "texts[0]: 'kind' must be one of sigma, simple"],
      [{ texts: [{ text: whoamiRule() }], to: "yesterday" }, "'to' must be an ISO date or epoch milliseconds"],
      [
        { texts: [{ text: whoamiRule() }], limit: 5 },
        "unknown field 'limit'; expected rules, texts, pack, days, to, page_size, state",
      ],
    ];
    for (const [json, error] of cases) {
      expect(await backtest(admin, json)).toMatchObject({ status: 400, body: { error } });
    }
  });

  it("refuses a state it did not sign, and one from a run of other rules", async () => {
    await storeEvents();
    const admin = await login();
    const first = await backtest(admin, { texts: [{ text: whoamiRule() }], to: TO, page_size: 2 });
    const state = first.body.state ?? "";
    const [header, payload, signature] = state.split(".");
    const forged = `${header}.${payload?.slice(0, -2)}AA.${signature}`;
    const tampered = await backtest(admin, { texts: [{ text: whoamiRule() }], state: forged });
    expect(tampered.status).toBe(400);
    expect(tampered.body.error).toContain("is not a backtest state this server issued");
    const other = await backtest(admin, { texts: [{ text: whoamiRule("another-id") }], state });
    expect(other.status).toBe(409);
  });

  it("lets a viewer read rules but not backtest them", async () => {
    const admin = await login();
    const created = await call<{ user: { id: number } }>("/api/v1/auth/signup", {
      method: "POST",
      json: { username: "vera", password: "a-long-password" },
    });
    await call(`/api/v1/users/${created.body.user.id}`, { method: "PATCH", token: admin, json: { enabled: true } });
    const viewer = await login("vera", "a-long-password");
    expect((await backtest(viewer, { texts: [{ text: whoamiRule() }] })).status).toBe(403);
  });
});
