import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { normaliseEvtxDumpEvent } from "../../scripts/lib/evtx-dump-json.ts";
import { normalisedRecord, normaliseValue } from "../../scripts/lib/evtx-fields.ts";
import { eventElements, parseXml } from "../../scripts/lib/evtx-xml.ts";

const SNAPSHOTS = resolve(import.meta.dirname, "../../../shared/corpus/evtx-edge-cases/snapshots");

/** A snapshot's content: insta writes a `---` header of metadata before it. */
function snapshot(name: string): string {
  const text = readFileSync(resolve(SNAPSHOTS, `test_record_samples__${name}.snap`), "utf8");
  return text.slice(text.indexOf("\n---\n") + 5);
}

function rustXmlRecord(name: string) {
  const parsed = parseXml(snapshot(name), { fragment: false, indentsEmptyElements: true });
  expect(parsed.errors).toEqual([]);
  const [event] = eventElements(parsed.roots);
  if (!event) throw new Error(`${name} has no Event element`);
  return normalisedRecord(event);
}

function rustJsonRecord(name: string, recordId: number) {
  return normaliseEvtxDumpEvent(recordId, JSON.parse(snapshot(name)) as Record<string, unknown>);
}

describe("normaliseValue", () => {
  it("writes every reader's spelling of a time as one 100 ns ISO form, and keeps a lost digit lost", () => {
    expect(normaliseValue("2016-07-08 18:12:51.681641")).toBe("2016-07-08T18:12:51.6816410Z");
    expect(normaliseValue("2016-07-08 18:12:51")).toBe("2016-07-08T18:12:51.0000000Z");
    expect(normaliseValue("2016-07-08T18:12:51.681640800Z")).toBe("2016-07-08T18:12:51.6816408Z");
    expect(normaliseValue("2016-07-08T18:12:51.681640Z")).toBe("2016-07-08T18:12:51.6816400Z");
    expect(normaliseValue("2016-07-08T18:12:51.681640812Z")).toBe("2016-07-08T18:12:51.681640812Z");
  });

  it("writes GUIDs lower case in braces and hex numbers lower case without leading zeros", () => {
    expect(normaliseValue("54849625-5478-4994-A5BA-3E3B0328C30D")).toBe("{54849625-5478-4994-a5ba-3e3b0328c30d}");
    expect(normaliseValue("{54849625-5478-4994-a5ba-3e3b0328c30d}")).toBe("{54849625-5478-4994-a5ba-3e3b0328c30d}");
    expect(normaliseValue("0x00000000000003E7")).toBe("0x3e7");
    expect(normaliseValue("0x0000000000000000")).toBe("0x0");
  });

  it("turns CRLF into LF and leaves everything else as the reader wrote it", () => {
    expect(normaliseValue("a\r\nb\rc")).toBe("a\nb\nc");
    expect(normaliseValue("Advapi  ")).toBe("Advapi  ");
    expect(normaliseValue("True")).toBe("True");
    expect(normaliseValue("AQAAAAAAAAA=")).toBe("AQAAAAAAAAA=");
  });
});

describe("an evtx_dump JSON event and the Rust crate's XML of the same record", () => {
  const pairs = [
    ["event_json_sample", "event_xml_sample", 1],
    ["event_json_sample_with_event_data", "event_xml_sample_with_event_data", 1],
    [
      "event_json_sample_with_event_data_with_attributes_and_text",
      "event_xml_sample_with_event_data_with_attributes_and_text",
      1,
    ],
    ["event_json_with_multiple_nodes_same_name", "event_xml_sample_with_entity_ref", 28],
    ["event_json_with_multiple_data_elements-2", "event_json_with_multiple_data_elements", 3229],
  ] as const;

  it.each(pairs)("%s normalises to the same fields as %s", (json, xml, recordId) => {
    const fromXml = rustXmlRecord(xml);
    const fromJson = rustJsonRecord(json, recordId);
    expect(fromXml.recordId).toBe(recordId);
    expect(fromXml.fields.size).toBeGreaterThan(15);
    expect(Object.fromEntries(fromJson.fields)).toEqual(Object.fromEntries(fromXml.fields));
  });

  it("names Data elements by their Name, numbers repeated siblings as evtx_dump does, and keeps empty ones", () => {
    const fields = rustJsonRecord("event_json_with_multiple_nodes_same_name", 28).fields;
    expect(fields.get("System/Provider@Guid")).toBe("{5bbca4a8-b209-48dc-a8c7-b23d3e5216fb}");
    expect(fields.get("UserData/CryptRetrieveObjectByUrlWire/AdditionalInfo/HTTPRequestHeadersInfo/Header_2")).toBe(
      'If-None-Match: "ea9ee7b1bc43d21:0"',
    );
    expect(fields.get("UserData/CryptRetrieveObjectByUrlWire/AdditionalInfo/Action_1@name")).toBe("NoProxy");
    expect(fields.get("System/Correlation")).toBe("");
    const unnamed = rustJsonRecord("event_json_sample_with_event_data_with_attributes_and_text", 1).fields;
    expect([unnamed.get("EventData/Data"), unnamed.get("EventData/Data_2"), unnamed.get("EventData/Data_4")]).toEqual([
      "10.00.",
      "",
      "0",
    ]);
    expect(unnamed.get("System/EventID@Qualifiers")).toBe("32768");
    const trailing = rustXmlRecord("event_xml_sample_with_string_with_trailing_spaces").fields;
    expect(trailing.get("EventData/LogonProcessName")).toBe("Advapi  ");
  });
});
