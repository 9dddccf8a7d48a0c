/**
 * A user's Sigma rule with a regex a backtracking engine takes exponential time on, through the
 * API: stored, and a batch whose command lines are that regex's worst case gets its answer.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { processStart, T0 } from "../support/workers/alert-events.ts";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

const RULE_ID = "6f3c1a52-4e1d-4d0b-9a3e-0000000000ee";

function regexRule(pattern: string): string {
  return `title: Nested quantifier
id: ${RULE_ID}
level: high
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    CommandLine|re: '${pattern}'
  condition: selection
`;
}

let admin: string;
let agent: { id: string; token: string };

beforeEach(async () => {
  admin = await login();
  agent = await agentToken(admin, "WS01");
});

describe("rule regexes through the API", () => {
  it("ingests command lines that are (a+)+$'s worst case and alerts on the one that matches", async () => {
    const created = await call("/api/v1/rules", { method: "POST", token: admin, json: { text: regexRule("^(a+)+$") } });
    expect(created.status).toBe(201);
    const worstCases = [27, 30, 35, 40, 5_000].map((length, i) =>
      processStart({ at: T0 + i * 1000, commandLine: `${"a".repeat(length)}!` }),
    );
    const res = await ingest(
      agent.token,
      JSON.stringify([...worstCases, processStart({ at: T0 + 9000, commandLine: "a".repeat(40) })]),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 6, alerts: 1 });
    const alerts = await call<{ alerts: { count: number }[] }>(`/api/v1/alerts?rule=${RULE_ID}`, { token: admin });
    expect(alerts.body.alerts.map((a) => a.count)).toEqual([1]);
  });

  it("refuses a regex the linear-time engine cannot run, naming the feature and its line", async () => {
    const res = await call<{ errors?: { line: number | null; reason: string }[] }>("/api/v1/rules", {
      method: "POST",
      token: admin,
      json: { text: regexRule("(a)\\1") },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toMatchObject([
      {
        ruleId: RULE_ID,
        line: 9,
        reason: "the linear-time regex engine (RE2) cannot run a backreference (\\1) (in 'CommandLine|re')",
      },
    ]);
  });
});
