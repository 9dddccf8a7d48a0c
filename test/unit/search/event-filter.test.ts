import { describe, expect, it } from "vitest";
import { histogramInterval, parseTerm } from "../../../worker/search/event-filter.ts";

describe("parseTerm", () => {
  it("splits at the first colon, so values may hold colons", () => {
    expect(parseTerm("Image:C:\\Windows\\cmd.exe")).toEqual({ field: "Image", value: "C:\\Windows\\cmd.exe" });
  });

  it("unquotes quoted values", () => {
    expect(parseTerm('CommandLine:"net group /domain"')).toEqual({
      field: "CommandLine",
      value: "net group /domain",
    });
  });

  it("refuses a term without a field, without a value, or with an unsafe field name", () => {
    expect(() => parseTerm("novalue")).toThrow(/field:value/);
    expect(() => parseTerm("Image:")).toThrow(/no value/);
    expect(() => parseTerm("a')--:x")).toThrow(/not valid/);
  });
});

describe("histogramInterval", () => {
  it("gives about 60 buckets on a readable boundary", () => {
    expect(histogramInterval(60 * 60_000)).toBe(60_000);
    expect(histogramInterval(24 * 3_600_000)).toBe(1_800_000);
    expect(histogramInterval(30 * 86_400_000)).toBe(43_200_000);
  });
});
