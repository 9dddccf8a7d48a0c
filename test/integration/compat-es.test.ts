import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { agentToken, call, gzip, login } from "../support/workers/api.ts";

const ES = "/api/v1/compat/es";
let token: string;

beforeEach(async () => {
  token = (await agentToken(await login(), "beats")).token;
});

/** Beats and Fluent Bit send the token as the Basic password; the user name is free. */
const basic = (secret: string) => `Basic ${btoa(`elastic:${secret}`)}`;

function bulk(path: string, lines: unknown[], headers: Record<string, string> = {}, body?: BodyInit) {
  return call<{ took: number; errors: boolean; items: Record<string, Record<string, unknown>>[] }>(path, {
    method: "POST",
    headers: { authorization: basic(token), "content-type": "application/x-ndjson", ...headers },
    body: body ?? `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`,
  });
}

const winlogbeatDoc = (commandLine: string) => ({
  "@timestamp": "2026-11-23T07:01:00.000Z",
  host: { name: "WS03" },
  winlog: {
    channel: "Microsoft-Windows-Sysmon/Operational",
    event_id: 1,
    computer_name: "WS03",
    event_data: { Image: "C:\\Windows\\System32\\vssadmin.exe", CommandLine: commandLine },
  },
});

async function rows() {
  const { results } = await env.DB.prepare(
    "SELECT host, dataset, event_code, command_line, raw, batch_id FROM events ORDER BY batch_index",
  ).all<{ host: string; dataset: string; event_code: string; command_line: string; raw: string; batch_id: string }>();
  return results;
}

describe("Elasticsearch compatibility: start-up probes", () => {
  it("answers GET / with an 8.x version and the product header the official clients check", async () => {
    const res = await call<{ version: { number: string }; tagline: string }>(`${ES}/`, {
      headers: { authorization: basic(token) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-elastic-product")).toBe("Elasticsearch");
    expect(res.body.version.number).toMatch(/^8\.\d+\.\d+$/);
    expect(res.body.tagline).toBe("You Know, for Search");
  });

  it("refuses a request without a valid token with Elasticsearch's security_exception", async () => {
    const missing = await call<{ error: { type: string }; status: number }>(`${ES}/`);
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ error: { type: "security_exception" }, status: 401 });
    expect(missing.headers.get("www-authenticate")).toContain("Basic");
    expect(missing.headers.get("x-elastic-product")).toBe("Elasticsearch");
    const wrong = await call(`${ES}/`, { headers: { authorization: basic("not-a-token") } });
    expect(wrong.status).toBe(401);
  });

  it("takes the token as Bearer, as an ApiKey, and as Beats' base64 id:key ApiKey", async () => {
    for (const authorization of [`Bearer ${token}`, `ApiKey ${token}`, `ApiKey ${btoa(`beats:${token}`)}`]) {
      expect((await call(`${ES}/`, { headers: { authorization } })).status).toBe(200);
    }
  });

  it("answers the licence, health, template, ILM and pipeline probes minimally", async () => {
    const headers = { authorization: basic(token) };
    const license = await call<{ license: { status: string } }>(`${ES}/_license`, { headers });
    expect(license.body.license.status).toBe("active");
    expect((await call<{ status: string }>(`${ES}/_cluster/health`, { headers })).body.status).toBe("green");
    expect((await call(`${ES}/_index_template/winlogbeat-8.17.0`, { method: "HEAD", headers })).status).toBe(200);
    expect((await call(`${ES}/_ilm/policy/winlogbeat`, { headers })).status).toBe(200);
    const put = await call(`${ES}/_index_template/winlogbeat-8.17.0`, { method: "PUT", headers, json: {} });
    expect(put.body).toEqual({ acknowledged: true });
    expect((await call(`${ES}/_ingest/pipeline/filebeat-8.17.0-system-auth`, { headers })).status).toBe(200);
  });
});

describe("Elasticsearch compatibility: _bulk", () => {
  it("stores index and create documents as one batch, keeping the index name, and answers item by item", async () => {
    const res = await bulk(`${ES}/_bulk`, [
      { index: { _index: "winlogbeat-8.17.0", _id: "doc-1" } },
      winlogbeatDoc("vssadmin list shadows"),
      { create: { _index: "logs-generic-default" } },
      { "@timestamp": "2026-11-23T07:02:00Z", message: "hello", host: "app1" },
      { delete: { _index: "winlogbeat-8.17.0", _id: "doc-1" } },
      { update: { _index: "winlogbeat-8.17.0", _id: "doc-1" } },
      { doc: { x: 1 } },
      { index: { _index: "winlogbeat-8.17.0" } },
      [1, 2],
    ]);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-elastic-product")).toBe("Elasticsearch");
    expect(res.body.errors).toBe(true);
    expect(res.body.items.map((item) => Object.keys(item)[0])).toEqual([
      "index",
      "create",
      "delete",
      "update",
      "index",
    ]);
    expect(res.body.items[0]).toEqual({
      index: expect.objectContaining({ _index: "winlogbeat-8.17.0", _id: "doc-1", result: "created", status: 201 }),
    });
    expect(res.body.items[1]?.create).toMatchObject({ _index: "logs-generic-default", status: 201 });
    expect(res.body.items[1]?.create?._id).toMatch(/^[\w-]{20}$/);
    for (const item of res.body.items.slice(2)) {
      expect(Object.values(item)[0]).toMatchObject({ status: 400, error: { type: expect.any(String) } });
    }
    const stored = await rows();
    expect(stored.map((r) => [r.host, r.dataset, r.event_code])).toEqual([
      ["WS03", "windows.sysmon_operational", "1"],
      ["app1", "generic", null],
    ]);
    expect(new Set(stored.map((r) => r.batch_id)).size).toBe(1);
    expect(JSON.parse(stored[0]?.raw ?? "{}")._index).toBe("winlogbeat-8.17.0");
  });

  it("runs detection on the documents it stores", async () => {
    const res = await bulk(`${ES}/_bulk`, [
      { create: { _index: "winlogbeat-8.17.0" } },
      winlogbeatDoc("vssadmin delete shadows /all /quiet"),
    ]);
    expect(res.body.errors).toBe(false);
    // EdgeSIEM's simple rule and SigmaHQ's shadow-copy deletion rules (core pack) both see it.
    const alerts = await env.DB.prepare("SELECT host, rule_kind FROM alerts ORDER BY rule_kind").all();
    expect(alerts.results).toContainEqual({ host: "WS03", rule_kind: "simple" });
    expect(alerts.results).toContainEqual({ host: "WS03", rule_kind: "sigma" });
  });

  it("takes the index from the path and reads a gzip body", async () => {
    const body = `${JSON.stringify({ index: {} })}\n${JSON.stringify({ "@timestamp": "2026-11-23T07:03:00Z", message: "from path", host: "app2" })}\n`;
    const res = await bulk(`${ES}/filebeat-8.17.0/_bulk`, [], { "content-encoding": "gzip" }, await gzip(body));
    expect(res.status).toBe(200);
    expect(res.body.items[0]?.index).toMatchObject({ _index: "filebeat-8.17.0", status: 201 });
    expect(JSON.parse((await rows())[0]?.raw ?? "{}")._index).toBe("filebeat-8.17.0");
  });

  it("refuses a malformed action line as a whole with Elasticsearch's error shape, storing nothing", async () => {
    const res = await bulk(`${ES}/_bulk`, [{ upsert: { _index: "x" } }, { a: 1 }]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: { type: "illegal_argument_exception", reason: expect.stringContaining("line [1]") },
      status: 400,
    });
    expect(await rows()).toHaveLength(0);
  });

  it("refuses an action without an index when the path names none", async () => {
    const res = await bulk(`${ES}/_bulk`, [{ index: {} }, { a: 1 }]);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain("index is missing");
  });
});
