import { describe, expect, it } from "vitest";
import { normaliseRecord } from "../../../../worker/ingest/normalise.ts";
import { ctx, errorOf, eventOf } from "../helpers.ts";

describe("generic records", () => {
  it("keeps the fields flattened and takes the dataset from 'dataset'", () => {
    const record = {
      time: "2024-01-02T03:04:05Z",
      dataset: "app.audit",
      host: "app1",
      actor: { name: "alice", roles: ["admin"] },
    };
    const event = eventOf(normaliseRecord(record, ctx));
    expect(event).toMatchObject({
      source: "generic",
      dataset: "app.audit",
      host: "app1",
      ts: Date.UTC(2024, 0, 2, 3, 4, 5),
    });
    expect(event.fields).toEqual({
      time: "2024-01-02T03:04:05Z",
      dataset: "app.audit",
      host: "app1",
      "actor.name": "alice",
      "actor.roles": ["admin"],
    });
  });

  it("names the dataset 'generic' when the record has none or it is not a string", () => {
    expect(eventOf(normaliseRecord({ ts: 1_700_000_000 }, ctx)).dataset).toBe("generic");
    expect(eventOf(normaliseRecord({ ts: 1_700_000_000, dataset: 7 }, ctx)).dataset).toBe("generic");
  });

  it("reads epoch seconds and milliseconds by magnitude", () => {
    expect(eventOf(normaliseRecord({ ts: 1_700_000_000 }, ctx)).ts).toBe(1_700_000_000_000);
    expect(eventOf(normaliseRecord({ date: 1_700_000_000_123 }, ctx)).ts).toBe(1_700_000_000_123);
  });

  it("fills columns from ECS names it happens to use", () => {
    const event = eventOf(
      normaliseRecord(
        { datetime: "2024-01-02T03:04:05Z", "user.name": "bob", "source.ip": "10.0.0.1", hostname: "h1" },
        ctx,
      ),
    );
    expect(event).toMatchObject({ user: "bob", srcIp: "10.0.0.1", host: "h1" });
  });

  it("keeps objects inside arrays as JSON text and a '__proto__' key as a plain field", () => {
    const record = JSON.parse(
      '{"@timestamp": "2024-01-02T03:04:05Z", "items": [{"a": 1}], "__proto__": {"polluted": true}}',
    );
    const event = eventOf(normaliseRecord(record, ctx));
    expect(event.fields.items).toEqual(['{"a":1}']);
    expect(event.fields["__proto__.polluted"]).toBe(true);
    expect(Object.getPrototypeOf(event.fields)).toBeNull();
  });

  it("keeps very deep nesting as JSON text instead of recursing without end", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 40; i++) deep = { d: deep };
    const event = eventOf(normaliseRecord({ ts: 1_700_000_000, deep }, ctx));
    const [name, value] = Object.entries(event.fields).find(([key]) => key.startsWith("deep")) ?? [];
    expect(name?.split(".").length).toBeLessThan(20);
    expect(String(value)).toContain("bottom");
  });

  it("rejects a record without a timestamp, listing where it looked", () => {
    expect(errorOf(normaliseRecord({ msg: "hello" }, ctx))).toBe(
      "no parsable timestamp (looked for @timestamp, timestamp, time, ts, date, datetime)",
    );
  });

  it("rejects a record whose timestamp is not a date", () => {
    expect(errorOf(normaliseRecord({ timestamp: "2024-13-01T00:00:00Z" }, ctx))).toBe(
      "timestamp '2024-13-01T00:00:00Z' in field 'timestamp' is not a date",
    );
  });
});
