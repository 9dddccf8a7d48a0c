import { createExecutionContext, env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../worker/index.ts";
import falco from "../fixtures/ingest/falco-alert.json";
import winlog from "../fixtures/ingest/pocketsiem-winlog.json";
import { agentToken, BASE, call, login } from "../support/workers/api.ts";
import { failingBatches } from "../support/workers/failing-d1.ts";

let token: string;

beforeEach(async () => {
  token = (await agentToken(await login(), "PC01")).token;
});

/** PocketSIEM's agents send their JWT in x-access-tokens. */
function post(path: string, body: string, contentType: string, headers: Record<string, string> = {}) {
  return call<{ accepted: number; rejected: { index: number; error: string }[]; status: string }>(path, {
    method: "POST",
    headers: { "x-access-tokens": token, "content-type": contentType, ...headers },
    body,
  });
}

async function rows() {
  const { results } = await env.DB.prepare(
    "SELECT source, dataset, event_code, host, user, process, command_line, dst_ip, dst_port, outcome, src_ip FROM events ORDER BY ts",
  ).all();
  return results;
}

describe("PocketSIEM agent endpoints", () => {
  it("answers /healthcheck for a valid token and refuses a missing one", async () => {
    expect((await call("/healthcheck", { headers: { "x-access-tokens": token } })).status).toBe(200);
    expect((await call("/healthcheck")).status).toBe(401);
  });

  it("stores every /winlog list item as the Sysmon or Security event it came from", async () => {
    const res = await post("/winlog", JSON.stringify(winlog), "application/json");
    expect(res.status).toBe(200);
    const total = Object.values(winlog).reduce((n, list) => n + list.length, 0);
    expect(res.body).toMatchObject({ accepted: total, rejected: [], status: "stored" });
    const stored = await rows();
    expect(stored.filter((r) => r.dataset === "windows.security").map((r) => [r.event_code, r.outcome])).toEqual([
      ["4624", "success"],
      ["4625", "failure"],
    ]);
    expect(stored.find((r) => r.event_code === "1")).toMatchObject({
      source: "pocketsiem",
      host: "PC01",
      process: "C:\\Windows\\System32\\whoami.exe",
      command_line: "whoami /all",
    });
    expect(stored.filter((r) => r.event_code === "3").map((r) => [r.dst_ip, r.dst_port])).toEqual([
      ["93.184.216.34", 443],
      ["2606:4700::1111", 443],
    ]);
  });

  it("refuses a /winlog body of the wrong shape with 400, storing nothing", async () => {
    const res = await post("/winlog", JSON.stringify({ logins: "nope" }), "application/json");
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: "'logins' in the winlog body is not a list" });
    expect(await rows()).toHaveLength(0);
  });

  it("reads the /sshlogin form with its shifted fields", async () => {
    const form = new URLSearchParams({
      date: "2026-11-23 06:54:07",
      host: "web1",
      osuser: " root ",
      logon_type: "203.0.113.9",
      process_name: " Failed password ",
    });
    const res = await post("/sshlogin", form.toString(), "application/x-www-form-urlencoded");
    expect(res.status).toBe(200);
    expect(await rows()).toEqual([
      expect.objectContaining({
        dataset: "linux.auth",
        host: "web1",
        user: "root",
        src_ip: "203.0.113.9",
        outcome: "failure",
      }),
    ]);
  });

  it("requires a token on /falcolog, which PocketSIEM left open", async () => {
    const open = await call("/falcolog", { method: "POST", json: falco });
    expect(open.status).toBe(401);
    const res = await post("/falcolog", JSON.stringify(falco), "application/json");
    expect(res.status).toBe(200);
    expect(await rows()).toEqual([
      expect.objectContaining({
        source: "falco",
        dataset: "falco.alerts",
        host: "k8s-node-1",
        command_line: "bash -il",
      }),
    ]);
  });

  it("keeps an item's format through the retry queue", async () => {
    const res = await worker.fetch(
      new Request(`${BASE}/winlog`, {
        method: "POST",
        headers: { "x-access-tokens": token, "content-type": "application/json" },
        body: JSON.stringify({ processes: winlog.processes }),
      }),
      { ...env, DB: failingBatches(env.DB) },
      createExecutionContext(),
    );
    expect(res.status).toBe(202);
    const deadline = Date.now() + 15_000;
    while ((await rows()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await rows()).toEqual([expect.objectContaining({ source: "pocketsiem", event_code: "1", host: "PC01" })]);
  });
});
