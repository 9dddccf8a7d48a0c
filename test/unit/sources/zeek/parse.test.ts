import { describe, expect, it } from "vitest";
import { normaliseRecord } from "../../../../worker/ingest/normalise.ts";
import { ctx, errorOf, eventOf } from "../helpers.ts";

const conn = {
  ts: 1700000000.123456,
  uid: "CHhAvVGS1DHFjwGM9",
  "id.orig_h": "10.0.0.5",
  "id.orig_p": 51234,
  "id.resp_h": "93.184.216.34",
  "id.resp_p": 443,
  proto: "tcp",
  service: "ssl",
  conn_state: "SF",
  _path: "conn",
};

const http = {
  ts: "2024-01-02T03:04:05.123456Z",
  _path: "http",
  _system_name: "sensor-1",
  uid: "C1",
  "id.orig_h": "fe80::1",
  "id.orig_p": 50000,
  "id.resp_h": "2001:db8::10",
  "id.resp_p": 80,
  method: "GET",
  host: "example.com",
  uri: "/download/a.exe",
  user_agent: "curl/8.0",
  status_code: 200,
  username: "alice",
};

describe("Zeek JSON logs", () => {
  it("maps conn logs: epoch-seconds ts, endpoints from id.*", () => {
    const event = eventOf(normaliseRecord(conn, ctx));
    expect(event).toMatchObject({
      ts: 1_700_000_000_123,
      source: "zeek",
      dataset: "zeek.conn",
      host: null,
      category: "network",
      srcIp: "10.0.0.5",
      srcPort: 51234,
      dstIp: "93.184.216.34",
      dstPort: 443,
    });
    expect(event.fields).toMatchObject({ uid: "CHhAvVGS1DHFjwGM9", conn_state: "SF", "id.orig_h": "10.0.0.5" });
  });

  it("maps http logs: ISO ts, IPv6 endpoints, request fields kept, HTTP Host header not taken as host", () => {
    const event = eventOf(normaliseRecord(http, ctx));
    expect(event).toMatchObject({
      ts: Date.parse("2024-01-02T03:04:05.123Z"),
      dataset: "zeek.http",
      host: "sensor-1",
      category: "web",
      user: "alice",
      srcIp: "fe80::1",
      dstIp: "2001:db8::10",
      dstPort: 80,
      commandLine: null,
    });
    expect(event.fields).toMatchObject({
      method: "GET",
      host: "example.com",
      uri: "/download/a.exe",
      status_code: 200,
    });
  });

  it("keeps the dns query and answers in fields", () => {
    const dns = {
      ts: 1700000000.5,
      _path: "dns",
      "id.orig_h": "10.0.0.5",
      "id.orig_p": 53000,
      "id.resp_h": "10.0.0.1",
      "id.resp_p": 53,
      query: "evil.example",
      answers: ["203.0.113.9"],
      TTLs: [60],
    };
    const event = eventOf(normaliseRecord(dns, ctx));
    expect(event).toMatchObject({ dataset: "zeek.dns", category: "network", dstPort: 53 });
    expect(event.fields).toMatchObject({ query: "evil.example", answers: ["203.0.113.9"], TTLs: [60] });
  });

  it("reads nested id objects like dotted keys", () => {
    const { "id.orig_h": _a, "id.orig_p": _b, "id.resp_h": _c, "id.resp_p": _d, ...rest } = conn;
    const nested = { ...rest, id: { orig_h: "10.0.0.5", orig_p: 51234, resp_h: "93.184.216.34", resp_p: 443 } };
    expect(eventOf(normaliseRecord(nested, ctx))).toMatchObject({ srcIp: "10.0.0.5", dstPort: 443 });
  });

  it("names a conn record without _path by its fields, and zeek.unknown one whose fields fit no log", () => {
    const { _path: _p, ...noPath } = conn;
    expect(eventOf(normaliseRecord(noPath, ctx)).dataset).toBe("zeek.conn");
    const { conn_state: _state, ...unknown } = noPath;
    expect(eventOf(normaliseRecord(unknown, ctx)).dataset).toBe("zeek.unknown");
  });

  it("takes the outcome of ssh logs from auth_success", () => {
    const ssh = {
      ts: 1700000000,
      _path: "ssh",
      "id.orig_h": "198.51.100.7",
      "id.resp_h": "10.0.0.10",
      "id.resp_p": 22,
      auth_success: false,
    };
    expect(eventOf(normaliseRecord(ssh, ctx)).outcome).toBe("failure");
  });

  it("rejects a log line without ts, and one with an unparsable ts", () => {
    const { ts: _t, ...untimed } = conn;
    expect(errorOf(normaliseRecord(untimed, ctx))).toBe("no parsable timestamp (looked for ts)");
    expect(errorOf(normaliseRecord({ ...conn, ts: "later" }, ctx))).toBe(
      "timestamp 'later' in field 'ts' is not a date",
    );
  });
});
