import { describe, expect, it } from "vitest";
import { MAX_LIST_ENTRIES, parseImport, validateEntries } from "../../../worker/ip-lists/parse-entries.ts";
import { mergePlaceholders } from "../../../worker/rules/list-placeholders.ts";

describe("plain-text import", () => {
  it("reads one address or network a line, skipping blank lines and # comments", () => {
    const text = "# known droppers\n203.0.113.9\n\n198.51.100.0/24  # hosting range\r\n2001:db8::/32\n";
    expect(parseImport(text, "text")).toEqual(["203.0.113.9", "198.51.100.0/24", "2001:db8::/32"]);
  });

  it("keeps the first of duplicate entries", () => {
    expect(parseImport("10.0.0.1\n10.0.0.2\n10.0.0.1", "text")).toEqual(["10.0.0.1", "10.0.0.2"]);
  });

  it("names the line of the first entry that is not an address", () => {
    expect(() => parseImport("10.0.0.1\n# ok\nfileserver01\n", "text")).toThrow(
      "line 3: 'fileserver01' is not an IP address or CIDR network",
    );
    expect(() => parseImport("10.0.0.0/33", "text")).toThrow("line 1: '10.0.0.0/33'");
  });
});

describe("CSV import", () => {
  it("reads the first column and skips a header row", () => {
    const csv = 'ip,comment\n203.0.113.9,"dropper, seen 2026-11-20"\n"198.51.100.7",c2\n';
    expect(parseImport(csv, "csv")).toEqual(["203.0.113.9", "198.51.100.7"]);
  });

  it("reads a file without a header", () => {
    expect(parseImport("10.0.0.1,a\n10.0.0.2,b", "csv")).toEqual(["10.0.0.1", "10.0.0.2"]);
  });

  it("accepts only the first row as a header", () => {
    expect(() => parseImport("ip,comment\nnot-an-ip,x\n", "csv")).toThrow(
      "line 2: 'not-an-ip' is not an IP address or CIDR network",
    );
  });
});

describe("entries from the API", () => {
  it("trims and deduplicates valid entries", () => {
    expect(validateEntries([" 10.0.0.1 ", "10.0.0.1", "::1"])).toEqual(["10.0.0.1", "::1"]);
  });

  it("names the position of a bad entry", () => {
    expect(() => validateEntries(["10.0.0.1", 7])).toThrow("entry 2: '7' is not an IP address or CIDR network");
  });

  it(`refuses more than ${MAX_LIST_ENTRIES} entries`, () => {
    const many = Array.from({ length: MAX_LIST_ENTRIES + 1 }, (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
    expect(() => validateEntries(many)).toThrow(`at most ${MAX_LIST_ENTRIES} entries`);
  });
});

describe("list placeholders", () => {
  it("defines deny_ips as empty, and adds each list's entries to the file's values of its name", () => {
    expect(
      mergePlaceholders({ Admins: ["adm*"], servers: ["10.0.0.1"] }, [{ name: "servers", entries: ["10.0.0.2"] }]),
    ).toEqual({
      deny_ips: [],
      Admins: ["adm*"],
      servers: ["10.0.0.1", "10.0.0.2"],
    });
  });
});
