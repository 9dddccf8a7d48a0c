import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { agentToken, call, gzip, login } from "../support/workers/api.ts";

let token: string;

beforeEach(async () => {
  token = (await agentToken(await login(), "hec")).token;
});

interface HecAnswer {
  text: string;
  code: number;
  "invalid-event-number"?: number;
}

function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  return call<HecAnswer>(path, { method: "POST", headers: { authorization: `Splunk ${token}`, ...headers }, body });
}

async function rows() {
  const { results } = await env.DB.prepare(
    "SELECT ts, host, dataset, action, outcome, user, src_ip, raw FROM events ORDER BY batch_index",
  ).all<{
    ts: number;
    host: string;
    dataset: string;
    action: string;
    outcome: string;
    user: string;
    src_ip: string;
    raw: string;
  }>();
  return results;
}

const SSH_FAILED = "Nov 23 06:54:07 web1 sshd[811]: Failed password for root from 203.0.113.9 port 52144 ssh2";
const SSH_ACCEPTED = "Nov 23 06:55:00 web1 sshd[812]: Accepted publickey for alice from 198.51.100.7 port 50522 ssh2";

describe("Splunk HEC compatibility", () => {
  it("answers /services/collector/health without a token", async () => {
    const res = await call<HecAnswer>("/services/collector/health");
    expect(res).toMatchObject({ status: 200, body: { text: "HEC is healthy", code: 17 } });
  });

  it("answers token problems with Splunk's codes and statuses", async () => {
    const event = JSON.stringify({ event: "x" });
    const missing = await call<HecAnswer>("/services/collector/event", { method: "POST", body: event });
    expect(missing).toMatchObject({ status: 401, body: { text: "Token is required", code: 2 } });
    const malformed = await post("/services/collector/event", event, { authorization: "Splunk" });
    expect(malformed).toMatchObject({ status: 401, body: { text: "Invalid authorization", code: 3 } });
    const invalid = await post("/services/collector/event", event, { authorization: "Splunk not-a-token" });
    expect(invalid).toMatchObject({ status: 403, body: { text: "Invalid token", code: 4 } });
    const query = await post(`/services/collector/event?token=${token}`, event);
    expect(query).toMatchObject({ status: 400, body: { code: 16 } });
  });

  it("stores concatenated events as one batch: strings as syslog lines, objects as they are", async () => {
    const body = [
      { time: 1795417447.5, host: "web1", sourcetype: "linux_secure", event: SSH_FAILED },
      {
        host: "app1",
        source: "checkout",
        sourcetype: "_json",
        fields: { env: "prod" },
        event: { msg: "paid" },
        time: "1795417500",
      },
    ]
      .map((e) => JSON.stringify(e))
      .join("");
    const res = await post("/services/collector/event", body);
    expect(res).toMatchObject({ status: 200, body: { text: "Success", code: 0 } });
    const [ssh, app] = await rows();
    expect(ssh).toMatchObject({
      host: "web1",
      dataset: "linux.auth",
      action: "ssh_login",
      outcome: "failure",
      user: "root",
      src_ip: "203.0.113.9",
      ts: 1795417447500,
    });
    expect(JSON.parse(ssh?.raw ?? "{}").splunk).toEqual({ sourcetype: "linux_secure" });
    expect(app).toMatchObject({ host: "app1", dataset: "generic", ts: 1795417500000 });
    expect(JSON.parse(app?.raw ?? "{}")).toEqual({
      msg: "paid",
      env: "prod",
      host: "app1",
      "@timestamp": new Date(1795417500000).toISOString(),
      splunk: { source: "checkout", sourcetype: "_json" },
    });
  });

  it("stores /raw lines with the query string's metadata, gzip or not", async () => {
    const res = await post(
      "/services/collector/raw?host=web1&sourcetype=linux_secure",
      await gzip(`${SSH_FAILED}\r\n${SSH_ACCEPTED}\n`),
      {
        "content-encoding": "gzip",
      },
    );
    expect(res).toMatchObject({ status: 200, body: { code: 0 } });
    expect((await rows()).map((r) => [r.dataset, r.user, r.outcome])).toEqual([
      ["linux.auth", "root", "failure"],
      ["linux.auth", "alice", "success"],
    ]);
  });

  it("refuses a bad batch whole, naming the event Splunk's way", async () => {
    const ok = JSON.stringify({ event: "fine" });
    expect(await post("/services/collector/event", `${ok}${JSON.stringify({ time: 1 })}`)).toMatchObject({
      status: 400,
      body: { text: "Event field is required", code: 12, "invalid-event-number": 1 },
    });
    expect(await post("/services/collector/event", JSON.stringify({ event: "" }))).toMatchObject({
      status: 400,
      body: { text: "Event field cannot be blank", code: 13, "invalid-event-number": 0 },
    });
    expect(await post("/services/collector/event", `${ok}{"event": "x"`)).toMatchObject({
      status: 400,
      body: { text: "Invalid data format", code: 6, "invalid-event-number": 1 },
    });
    expect(await post("/services/collector/event", " \n")).toMatchObject({
      status: 400,
      body: { text: "No data", code: 5 },
    });
    expect(await rows()).toHaveLength(0);
  });

  it("names the first event the ingest could not take", async () => {
    const body = `${JSON.stringify({ event: SSH_FAILED })}${JSON.stringify({ event: { no: "time" } })}`;
    const res = await post("/services/collector/event", body);
    expect(res).toMatchObject({ status: 400, body: { code: 6, "invalid-event-number": 1 } });
    expect(await rows()).toHaveLength(1);
  });

  it("says acknowledgements are not offered", async () => {
    expect(await post("/services/collector/ack", JSON.stringify({ acks: [0] }))).toMatchObject({
      status: 400,
      body: { text: "ACK is disabled", code: 14 },
    });
  });
});
