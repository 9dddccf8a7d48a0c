/**
 * Single records against the Rust `evtx` crate's own snapshot tests (tests/test_record_samples.rs
 * names the file and record of each). Three snapshots were taken with the crate's
 * `separate_json_attributes` setting, which moves an element's attributes to an `<name>_attributes`
 * sibling; `separated` applies that move to our output, the only difference between the settings.
 */
import { describe, expect, it } from "vitest";
import { readEvtx } from "../../../../worker/formats/evtx/read-evtx.ts";
import { edgeCase, snapshot } from "./support/corpus.ts";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function separated(value: Json): Json {
  const out: Json = {};
  for (const [key, child] of Object.entries(value)) {
    if (!isObject(child)) {
      out[key] = child;
      continue;
    }
    const { "#attributes": attributes, ...rest } = child;
    if (attributes === undefined) {
      out[key] = separated(rest);
      continue;
    }
    out[`${key}_attributes`] = attributes;
    const keys = Object.keys(rest);
    if (keys.length === 1 && keys[0] === "#text") out[key] = rest["#text"];
    else if (keys.length > 0) out[key] = separated(rest);
  }
  return out;
}

function recordOf(file: string, recordId?: number): Json {
  const { records } = readEvtx(edgeCase(file));
  const record = recordId === undefined ? records[0] : records.find((candidate) => candidate.recordId === recordId);
  if (record === undefined) throw new Error(`${file} has no record ${recordId ?? "at all"}`);
  return record.event;
}

const CAPI2 = "E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx";

describe("readEvtx renders records as evtx_dump's JSON", () => {
  it("renders System's attributes, typed numbers, hex keywords, upper-case GUIDs and empty elements as null", () => {
    expect(recordOf("security.evtx")).toEqual(snapshot("event_json_sample"));
  });

  it("renders an element with attributes and text as #attributes and #text, unnamed Data as a #text list", () => {
    expect(recordOf("system.evtx")).toEqual(snapshot("event_json_sample_with_event_data_with_attributes_and_text"));
  });

  it("renders size_t values as hex and named Data elements as EventData keys", () => {
    expect(recordOf("Security_with_size_t.evtx", 196)).toEqual(snapshot("event_json_with_size_t"));
  });

  it("renders nested Binary XML, entity references and repeated names with _1, _2 suffixes", () => {
    expect(recordOf(CAPI2, 28)).toEqual(snapshot("event_json_with_multiple_nodes_same_name"));
    expect(separated(recordOf(CAPI2, 28))).toEqual(snapshot("event_json_with_multiple_nodes_same_name_separate"));
  });

  it("reads a forwarded event written without a template, its values as text", () => {
    expect(recordOf("MSExchange_Management_wec.evtx")).toEqual(snapshot("event_json_with_multiple_data_elements-2"));
  });

  it("keeps empty unnamed Data elements as empty strings", () => {
    expect(separated(recordOf("issue_201.evtx"))).toEqual(snapshot("event_json_multiple_empty_data_nodes_not_ignored"));
  });

  it("reads names and templates by offset, so a damaged string cache loses nothing", () => {
    expect(separated(recordOf("security_bad_string_cache.evtx"))).toEqual(
      snapshot("event_json_missing_string_cache_entry"),
    );
  });
});
