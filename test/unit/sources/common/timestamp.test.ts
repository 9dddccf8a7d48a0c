import { describe, expect, it } from "vitest";
import { parseDate, timestampFrom } from "../../../../worker/sources/common/timestamp.ts";

const JAN_2 = Date.UTC(2024, 0, 2, 3, 4, 5);

describe("parseDate", () => {
  it("reads Sysmon's UtcTime 'YYYY-MM-DD HH:MM:SS.fff' as UTC", () => {
    expect(parseDate("2024-01-02 03:04:05.678")).toBe(JAN_2 + 678);
  });

  it("reads ISO strings with Windows' 7-digit and Falco's 9-digit fractions, truncating to ms", () => {
    expect(parseDate("2024-01-02T03:04:05.1234567Z")).toBe(JAN_2 + 123);
    expect(parseDate("2024-01-02T03:04:05.123456789Z")).toBe(JAN_2 + 123);
  });

  it("applies zone offsets written as +HH:MM, +HHMM and +HH", () => {
    expect(parseDate("2024-01-02T05:04:05+02:00")).toBe(JAN_2);
    expect(parseDate("2024-01-01T22:04:05-0500")).toBe(JAN_2);
    expect(parseDate("2024-01-02T04:04:05+01")).toBe(JAN_2);
  });

  it("reads a date without time as midnight UTC", () => {
    expect(parseDate("2024-01-02")).toBe(Date.UTC(2024, 0, 2));
  });

  it("reads the MS-AJAX form of PowerShell 5.1, ignoring its display offset", () => {
    expect(parseDate("/Date(1700000000000)/")).toBe(1_700_000_000_000);
    expect(parseDate("/Date(1700000000000+0100)/")).toBe(1_700_000_000_000);
  });

  it("reads PowerShell's wrapped {value: '/Date(..)/'} object", () => {
    expect(parseDate({ value: "/Date(1700000000000)/", DisplayHint: 2 })).toBe(1_700_000_000_000);
  });

  it("decides the unit of an epoch number by its magnitude (s, ms, us, ns)", () => {
    expect(parseDate(1_700_000_000.25)).toBe(1_700_000_000_250);
    expect(parseDate(1_700_000_000_250)).toBe(1_700_000_000_250);
    expect(parseDate(1_700_000_000_250_000)).toBe(1_700_000_000_250);
    expect(parseDate(1.70000000025e18)).toBe(1_700_000_000_250);
    expect(parseDate("1700000000")).toBe(1_700_000_000_000);
  });

  it("rejects text, impossible dates, two-digit years, negative epochs and non-date types", () => {
    for (const value of ["xyz", "2024-02-30 00:00:00", "2024-01-02T24:00:00Z", "0050-01-01", -5, true, [1], {}]) {
      expect(parseDate(value), JSON.stringify(value)).toBeNull();
    }
  });
});

describe("timestampFrom", () => {
  it("uses the first candidate field that is present", () => {
    expect(timestampFrom({ TimeCreated: "2024-01-02T03:04:05Z" }, ["UtcTime", "TimeCreated"])).toEqual({
      ok: true,
      ts: JAN_2,
    });
  });

  it("treats null and empty strings as absent", () => {
    expect(
      timestampFrom({ UtcTime: "", TimeCreated: null, ts: 1_700_000_000 }, ["UtcTime", "TimeCreated", "ts"]),
    ).toEqual({ ok: true, ts: 1_700_000_000_000 });
  });

  it("fails on a present but unparsable value instead of trying the next field", () => {
    expect(timestampFrom({ UtcTime: "xyz", TimeCreated: "2024-01-02T03:04:05Z" }, ["UtcTime", "TimeCreated"])).toEqual({
      ok: false,
      error: "timestamp 'xyz' in field 'UtcTime' is not a date",
    });
  });

  it("names every field it looked for when none is present", () => {
    expect(timestampFrom({}, ["UtcTime", "TimeCreated"])).toEqual({
      ok: false,
      error: "no parsable timestamp (looked for UtcTime, TimeCreated)",
    });
  });

  it("cuts a huge bad value short in the error", () => {
    const result = timestampFrom({ time: "x".repeat(500) }, ["time"]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.length).toBeLessThan(110);
  });
});
