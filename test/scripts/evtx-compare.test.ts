import { describe, expect, it } from "vitest";
import { fileDifferences, RECORD } from "../../scripts/lib/evtx-compare.ts";
import { EXPLAINED } from "../../scripts/lib/evtx-explained.ts";
import type { NormalisedRecord } from "../../scripts/lib/evtx-fields.ts";
import type { ReaderRun } from "../../scripts/lib/evtx-reference.ts";

const record = (recordId: number, fields: Record<string, string>): NormalisedRecord => ({
  recordId,
  fields: new Map(Object.entries({ "System/EventRecordID": String(recordId), ...fields })),
});

const run = (records: NormalisedRecord[], problems: string[] = []): ReaderRun => ({ records, problems });

/** The differences between python-evtx's and evtxexport's one record, as [field, explanation]. */
function explained(python: Record<string, string>, evtxexport: Record<string, string>) {
  const differences = fileDifferences(
    "x.evtx",
    { "python-evtx": run([record(7, python)]), evtxexport: run([record(7, evtxexport)]) },
    EXPLAINED,
  );
  return differences.map((difference) => [difference.field, difference.explanation]);
}

describe("fileDifferences", () => {
  it("lists a differing field with each reader's value, null where a reader has none, and nothing that agrees", () => {
    const differences = fileDifferences("x.evtx", {
      a: run([record(1, { "EventData/User": "alice", "EventData/Port": "22" })]),
      b: run([record(1, { "EventData/User": "bob", "EventData/Port": "22", "EventData/Extra": "" })]),
    });
    expect(differences).toEqual([
      { file: "x.evtx", recordId: 1, field: "EventData/User", values: { a: "alice", b: "bob" }, explanation: null },
      { file: "x.evtx", recordId: 1, field: "EventData/Extra", values: { a: null, b: "" }, explanation: null },
    ]);
  });

  it("lists a record only some readers have as a (record) difference, and compares a repeated ID by occurrence", () => {
    const differences = fileDifferences("x.evtx", {
      a: run([record(1, {}), record(1, { "EventData/Copy": "2" }), record(2, {})]),
      b: run([record(1, {}), record(1, { "EventData/Copy": "2" })]),
    });
    expect(differences.map(({ recordId, field, values }) => [recordId, field, values])).toEqual([
      [2, RECORD, { a: "present", b: null }],
    ]);
  });
});

describe("the explained differences", () => {
  it("explain python-evtx's float-rounded microseconds, and not a time further off", () => {
    const time = "System/TimeCreated@SystemTime";
    expect(explained({ [time]: "2019-08-14T14:06:44.4956740Z" }, { [time]: "2019-08-14T14:06:44.4956748Z" })).toEqual([
      [time, "python-evtx-filetime-through-a-float"],
    ]);
    expect(explained({ [time]: "2019-08-14T14:06:44.4956700Z" }, { [time]: "2019-08-14T14:06:44.4956748Z" })).toEqual([
      [time, null],
    ]);
  });

  it("explain True for true and base64 for the same bytes in hex, and not another value", () => {
    expect(explained({ "EventData/IsMachine": "True" }, { "EventData/IsMachine": "true" })).toEqual([
      ["EventData/IsMachine", "python-evtx-booleans-capitalised"],
    ]);
    expect(explained({ "EventData/IsMachine": "True" }, { "EventData/IsMachine": "false" })).toEqual([
      ["EventData/IsMachine", null],
    ]);
    expect(explained({ "EventData/Binary": "AQAAAAAAAAA=" }, { "EventData/Binary": "0100000000000000" })).toEqual([
      ["EventData/Binary", "python-evtx-binary-as-base64"],
    ]);
    expect(explained({ "EventData/Binary": "AQAAAAAAAAA=" }, { "EventData/Binary": "0200000000000000" })).toEqual([
      ["EventData/Binary", null],
    ]);
  });

  it("explain python-evtx's string array text against evtxexport's repeated elements, item for item", () => {
    const python = { "EventData/Data": "<string>a.msi</string>\n<string>2128</string>\n" };
    expect(explained(python, { "EventData/Data": "a.msi", "EventData/Data_1": "2128" })).toEqual([
      ["EventData/Data", "python-evtx-string-array-as-one-text"],
      ["EventData/Data_1", "python-evtx-string-array-as-one-text"],
    ]);
    expect(explained(python, { "EventData/Data": "a.msi", "EventData/Data_1": "2129" })).toEqual([
      ["EventData/Data", "python-evtx-string-array-as-one-text"],
      ["EventData/Data_1", null],
    ]);
  });

  it("explain python-evtx's garbling of an array with leading empty items by redoing its split", () => {
    // Real: system.evtx record 177, where evtxexport shows four empty items before "14", "60" and a time zone.
    const python = {
      "EventData/Data":
        "<string>14</string>\n<string></string>\n<string>14</string>\n<string>60</string>\n<string>480 Pacific Standard Time</string>\n",
    };
    const items = ["", "", "", "", "14", "60", "480 Pacific Standard Time"];
    const evtxexport = Object.fromEntries(
      items.map((item, index) => [index ? `EventData/Data_${index}` : "EventData/Data", item]),
    );
    const explanations = new Set(explained(python, evtxexport).map(([, explanation]) => explanation));
    expect(explanations).toEqual(new Set(["python-evtx-string-array-garbled"]));
    const reordered = { ...evtxexport, "EventData/Data_6": "60 Pacific Standard Time" };
    expect(explained(python, reordered)).toContainEqual(["EventData/Data_6", null]);
  });

  it("explain evtxexport's unescaped XML string only where its elements are that string's", () => {
    const python = { "EventData/Value": '<S:Envelope><S:Header a="1">*</S:Header></S:Envelope>' };
    const evtxexport = { "EventData/Value/S:Envelope/S:Header@a": "1", "EventData/Value/S:Envelope/S:Header": "*" };
    expect(new Set(explained(python, evtxexport).map(([, explanation]) => explanation))).toEqual(
      new Set(["evtxexport-writes-xml-strings-unescaped"]),
    );
    expect(explained(python, { ...evtxexport, "EventData/Value/S:Envelope/S:Header": "+" })).toContainEqual([
      "EventData/Value/S:Envelope/S:Header",
      null,
    ]);
  });

  it("explain missing records by a reader that stopped with an error, and not by one that skipped a record", () => {
    const both = [record(1, {}), record(2, {}), record(3, {})];
    const stopped = fileDifferences(
      "x.evtx",
      { "python-evtx": run([record(1, {})], ["exit status 1: OverrunBufferException"]), evtxexport: run(both) },
      EXPLAINED,
    );
    expect(stopped.map(({ recordId, explanation }) => [recordId, explanation])).toEqual([
      [2, "reader-stops-at-a-record-it-cannot-read"],
      [3, "reader-stops-at-a-record-it-cannot-read"],
    ]);
    const skipped = fileDifferences(
      "x.evtx",
      {
        "python-evtx": run([record(1, {}), record(3, {})], ["exit status 1: OverrunBufferException"]),
        evtxexport: run(both),
      },
      EXPLAINED,
    );
    expect(skipped.map(({ recordId, explanation }) => [recordId, explanation])).toEqual([[2, null]]);
  });
});
