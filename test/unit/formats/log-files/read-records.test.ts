import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readLogRecords } from "../../../../worker/formats/log-files/read-records.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const SAMPLES = resolve(import.meta.dirname, "../../../../../shared/corpus/evtx-attack-samples");
const ZEEK = resolve(import.meta.dirname, "../../../fixtures/zeek");
const fixture = (name: string) => new Uint8Array(readFileSync(resolve(ZEEK, name)));

function read(name: string, bytes: Uint8Array) {
  const { format, chunks } = readLogRecords(name, bytes);
  const all = [...chunks];
  return { format, records: all.flatMap((c) => c.records), problems: all.flatMap((c) => c.problems) };
}

describe("readLogRecords", () => {
  it("reads NDJSON a line a record, naming each line that is not JSON and keeping the rest", () => {
    const out = read("conn.log", encode('{"a":1}\n\n{broken\r\n{"b":2}'));
    expect(out.format).toBe("ndjson");
    expect(out.records).toEqual([{ a: 1 }, { b: 2 }]);
    expect(out.problems).toEqual([expect.stringMatching(/^line 3: not JSON/)]);
  });

  it("reads a JSON array, an events envelope and a pretty-printed object as documents", () => {
    expect(read("x.json", encode('[{"a":1},{"a":2}]')).records).toEqual([{ a: 1 }, { a: 2 }]);
    expect(read("x.json", encode('{"events":[{"a":1}]}')).records).toEqual([{ a: 1 }]);
    const pretty = read("x.json", encode('{\n  "Hostname": "WS01",\n  "EventID": 4624\n}\n'));
    expect(pretty).toMatchObject({ format: "json", records: [{ Hostname: "WS01", EventID: 4624 }] });
  });

  it("reads UTF-16 text with or without its byte-order mark", () => {
    const utf16 = (text: string, bom: boolean) => {
      const bytes = new Uint8Array((bom ? 2 : 0) + text.length * 2);
      if (bom) bytes.set([0xff, 0xfe]);
      for (let i = 0; i < text.length; i++) bytes[(bom ? 2 : 0) + i * 2] = text.charCodeAt(i);
      return bytes;
    };
    expect(read("a.json", utf16('{"EventID":1}\n', true)).records).toEqual([{ EventID: 1 }]);
    expect(read("a.json", utf16('{"EventID":1}\n', false)).records).toEqual([{ EventID: 1 }]);
  });

  it("reads other text as syslog lines, one message each", () => {
    const out = read(
      "auth.log",
      encode("Nov 23 06:54:07 web1 sshd[811]: Failed password for root\nNov 23 06:54:09 web1 sudo: bob\n"),
    );
    expect(out).toMatchObject({ format: "syslog", problems: [] });
    expect(out.records).toEqual([
      { message: "Nov 23 06:54:07 web1 sshd[811]: Failed password for root" },
      { message: "Nov 23 06:54:09 web1 sudo: bob" },
    ]);
  });

  it("reads a real .evtx file as evtx_dump JSON records", () => {
    const bytes = new Uint8Array(readFileSync(resolve(SAMPLES, "Execution/Sysmon_Exec_CompiledHTML.evtx")));
    const out = read("any-name.bin", bytes);
    expect(out.format).toBe("evtx");
    expect(out.problems).toEqual([]);
    expect(out.records.length).toBeGreaterThan(0);
    expect(out.records[0]).toMatchObject({ Event: { System: { Channel: expect.any(String) } } });
  });

  it("reads a Zeek TSV log by its own header, as Zeek's JSON writer would write it", () => {
    const out = read("http.log", fixture("http-pipelining.log"));
    expect(out.format).toBe("zeek-tsv");
    expect(out.problems).toEqual([]);
    expect(out.records[0]).toMatchObject({ _path: "http", "id.orig_p": 1673, method: "GET", host: "www.mozilla.org" });
  });

  it("gives Zeek JSON records without _path the log type their file's name says", () => {
    const out = read("case/http.00:00:00-01:00:00.log", fixture("docs-wfetch/http.log"));
    expect(out.format).toBe("zeek-json");
    expect(out.records).toEqual([expect.objectContaining({ _path: "http", uid: "CzoFRWTQ6YIzfFXHk" })]);
  });

  it("leaves records that are not Zeek's alone whatever their file's name", () => {
    const nxlog = '{"EventTime":"2020-09-21 15:57:42","Hostname":"WS01","EventID":4624,"Channel":"Security"}\n';
    const out = read("security.json", encode(nxlog + nxlog));
    expect(out.format).toBe("ndjson");
    expect(out.records[0]).not.toHaveProperty("_path");
  });
});
