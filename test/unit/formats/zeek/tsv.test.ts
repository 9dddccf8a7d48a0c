import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { isZeekTsv, parseZeekTsv, unescapeZeek, type ZeekTsvResult } from "../../../../worker/formats/zeek/tsv.ts";

const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, "../../../fixtures/zeek", name), "utf8");

function recordsOf(result: ZeekTsvResult) {
  if (!result.ok) expect.fail(`expected records, got "${result.error}" on line ${result.line}`);
  return result;
}

/** A header for hand-made lines, in the form Zeek's ASCII writer writes it. */
const header = (fields: string[], types: string[], path = "test") =>
  [
    "#separator \\x09",
    "#set_separator\t,",
    "#empty_field\t(empty)",
    "#unset_field\t-",
    `#path\t${path}`,
    "#open\t2024-01-01-00-00-00",
    `#fields\t${fields.join("\t")}`,
    `#types\t${types.join("\t")}`,
  ].join("\n");

describe("Zeek TSV", () => {
  it("reads Zeek's http.log baseline as its JSON writer would write it", () => {
    const { records, errors } = recordsOf(parseZeekTsv(fixture("http-pipelining.log")));
    expect(errors).toEqual([]);
    expect(records).toHaveLength(5);
    expect({ ...records[0] }).toEqual({
      _path: "http",
      ts: 1258577884.844956,
      uid: "CXWv6p3arKYeMETxOg",
      "id.orig_h": "192.168.1.104",
      "id.orig_p": 1673,
      "id.resp_h": "63.245.209.11",
      "id.resp_p": 80,
      trans_depth: 1,
      method: "GET",
      host: "www.mozilla.org",
      uri: "/style/enhanced.css",
      referrer: "http://www.mozilla.org/projects/calendar/",
      user_agent: "Mozilla/5.0 (Windows; U; Windows NT 5.1; en-US; rv:1.9.1.5) Gecko/20091102 Firefox/3.5.5",
      request_body_len: 0,
      response_body_len: 2675,
      status_code: 200,
      status_msg: "OK",
      tags: [],
      resp_fuids: ["Fa7DPI2ItmEOoVqyYj"],
      resp_mime_types: ["text/plain"],
    });
  });

  it("types bools, counts, intervals and vectors, and leaves unset fields out (dns.log baseline)", () => {
    const { records } = recordsOf(parseZeekTsv(fixture("dns-ipv6-frag.log")));
    expect(records[0]).toMatchObject({
      trans_id: 3903,
      AA: true,
      TC: false,
      TTLs: [1],
      answers: ["This TXT record should be ignored"],
    });
    expect(records[1]?.rcode).toBeUndefined();
    expect(records[1]?.answers).toBeUndefined();
    expect(Object.keys(records[1] ?? {})).not.toContain("rcode_name");
  });

  it("splits sets on the set separator, elements unescaped after splitting", () => {
    const text = `${header(["ts", "names", "note"], ["time", "set[string]", "string"])}\n1.5\ta\\x2cb,c\t\\x2d\n`;
    const { records } = recordsOf(parseZeekTsv(text));
    expect({ ...records[0] }).toEqual({ _path: "test", ts: 1.5, names: ["a,b", "c"], note: "-" });
  });

  it("reads (empty) as an empty string or list and unescapes bytes as UTF-8", () => {
    const text = `${header(["s", "v"], ["string", "vector[string]"])}\n(empty)\t(empty)\ncaf\\xc3\\xa9\\x09\\x5c\tx\n`;
    const { records } = recordsOf(parseZeekTsv(text));
    expect(records.map((r) => ({ ...r }))).toEqual([
      { _path: "test", s: "", v: [] },
      { _path: "test", s: "café\t\\", v: ["x"] },
    ]);
    expect(unescapeZeek("no escapes")).toBe("no escapes");
  });

  it("reads concatenated files, each by its own header", () => {
    const both = `${fixture("weird-negative-time.log")}${fixture("dhcp-all-msg-types.log")}`;
    const { records } = recordsOf(parseZeekTsv(both));
    expect(records.map((r) => r._path)).toEqual(["weird", "dhcp"]);
    expect(records[1]).toMatchObject({ lease_time: 900, trans_id: 1984, mac: "90:b1:1c:99:49:29" });
  });

  it("reports a line whose values do not fit its types, and keeps the others", () => {
    const text = `${header(["ts", "ok", "n"], ["time", "bool", "count"])}\n1\tT\t3\n2\tyes\t3\n3\tF\n4\tF\t-1x\n`;
    const result = recordsOf(parseZeekTsv(text));
    expect(result.records).toHaveLength(1);
    expect(result.errors).toEqual([
      { line: 10, error: "'yes' is not a bool (T or F)" },
      { line: 11, error: "2 values for 3 #fields" },
      { line: 12, error: "'-1x' is not a count" },
    ]);
  });

  it("reports the timestamps btest masks in its baselines as not times (ssl.log baseline)", () => {
    const result = recordsOf(parseZeekTsv(fixture("ssl-basic.log")));
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual([{ line: 9, error: "'XXXXXXXXXX.XXXXXX' is not a time" }]);
  });

  it.each([
    ["no #separator line", "#fields\tts\n1\n", 1, "not a Zeek TSV log: it must start with a #separator line"],
    ["no #types", "#separator \\x09\n#fields\tts\n1\n", 3, "malformed Zeek TSV header: the header has no #types line"],
    [
      "fewer types than fields",
      "#separator \\x09\n#fields\tts\tuid\n#types\ttime\n1\tC\n",
      4,
      "malformed Zeek TSV header: #fields names 2 fields but #types gives 1 types",
    ],
    [
      "an unknown type",
      "#separator \\x09\n#fields\tts\n#types\tblob\n1\n",
      4,
      "malformed Zeek TSV header: #types has the unknown type 'blob'",
    ],
    [
      "a field named twice",
      "#separator \\x09\n#fields\tts\tts\n#types\ttime\ttime\n1\t2\n",
      4,
      "malformed Zeek TSV header: #fields names 'ts' twice",
    ],
    ["a separator of two characters", "#separator \\x09\\x09\n", 1, "#separator must be one character"],
  ])("refuses a header with %s, naming the line", (_, text, line, error) => {
    expect(parseZeekTsv(text)).toEqual({ ok: false, line, error });
  });

  it("tells a Zeek TSV text by its first line", () => {
    expect(isZeekTsv(fixture("conn-pppoe.log"))).toBe(true);
    expect(isZeekTsv('{"_path":"conn"}')).toBe(false);
  });

  it("reads a long line of separators in one pass", () => {
    const fields = Array.from({ length: 2000 }, (_, i) => `f${i}`);
    const line = Array.from({ length: 2000 }, () => "a,".repeat(50)).join("\t");
    const text = `${header(
      fields,
      fields.map(() => "set[string]"),
    )}\n${line}\n`;
    const { records } = recordsOf(parseZeekTsv(text));
    expect(records[0]?.f1999).toHaveLength(51);
  });

  it("answers any text built of Zeek's own syntax with typed records or an error naming a line, never a throw", () => {
    const pieces = [
      "#separator \\x09\n",
      "#fields\tts\tx\n",
      "#types\ttime\tset[count]\n",
      "\t",
      ",",
      "-",
      "(empty)",
      "\\x",
      "\\x2c",
      "1.5",
      "T",
      "\n",
      "#",
      "\r",
    ];
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    for (let n = 0; n < 500; n++) {
      const text = Array.from({ length: next() % 40 }, () => pieces[next() % pieces.length]).join("");
      const result = parseZeekTsv(text);
      // A record's time is a number or absent; an error names a line of the text.
      if (result.ok) expect(result.records.every((r) => r.ts === undefined || typeof r.ts === "number")).toBe(true);
      else expect(result.line).toBeGreaterThanOrEqual(1);
    }
  });
});
