import { readFile } from "node:fs/promises";
import { readEvtx } from "../../worker/formats/evtx/read-evtx.ts";
import { type EvtxElement, eventFields, type NormalisedRecord, recordIdOf } from "./evtx-fields.ts";
import type { EvtxReader, ReaderRun } from "./evtx-reference.ts";

/**
 * evtx_dump's JSON (the Rust evtx crate's, and so the repo's parser's) back into elements:
 * `"#attributes"` are the attributes, `"#text"` the text (a list of texts is that many elements of
 * the name, as for unnamed `Data`), a key is a child element (a list is that many of them), `null`
 * is an empty element. Numbers and booleans become the text they would be in XML.
 */
function elementsFromJson(name: string, value: unknown): EvtxElement[] {
  if (Array.isArray(value)) return value.flatMap((item) => elementsFromJson(name, item));
  if (value === null || value === undefined) return [{ name, attributes: [], children: [], text: "" }];
  if (typeof value !== "object") return [{ name, attributes: [], children: [], text: String(value) }];
  const attributes: [string, string][] = [];
  const children: EvtxElement[] = [];
  let texts: string[] = [""];
  for (const [key, item] of Object.entries(value)) {
    if (key === "#attributes" && item && typeof item === "object") {
      for (const [attribute, attributeValue] of Object.entries(item)) {
        attributes.push([attribute, attributeValue === null ? "" : String(attributeValue)]);
      }
    } else if (key === "#text") {
      texts = (Array.isArray(item) ? item : [item]).map((text) => (text === null ? "" : String(text)));
    } else children.push(...elementsFromJson(key, item));
  }
  return texts.map((text, index) => ({ name, attributes, children: index === 0 ? children : [], text }));
}

/**
 * One evtx_dump JSON event (`{"Event": {...}}`) in the reader-neutral form, numbered like the
 * reference readers' records, by its `System/EventRecordID`: the record header's own number, which
 * they do not show, is only the fallback for an event without one.
 */
export function normaliseEvtxDumpEvent(headerRecordId: number, event: Record<string, unknown>): NormalisedRecord {
  const [root] = elementsFromJson("Event", event.Event);
  const fields = root ? eventFields(root) : new Map<string, string>();
  const recordId = recordIdOf(fields);
  return { recordId: recordId === -1 ? headerRecordId : recordId, fields };
}

/** The shape of the repo's parser's result (worker/formats/evtx/read-evtx.ts), as far as comparing needs it. */
export interface EvtxDumpResult {
  records: { recordId: number; offset: number; event: Record<string, unknown> }[];
  problems: { chunk: number | null; offset: number; reason: string }[];
}

/** A whole parse result in the form the reference readers' runs have, so it compares beside them. */
export function normaliseEvtxDumpResult(result: EvtxDumpResult): ReaderRun {
  return {
    records: result.records.map((record) => ({
      ...normaliseEvtxDumpEvent(record.recordId, record.event),
      offset: record.offset,
    })),
    problems: result.problems.map(
      (problem) =>
        `${problem.chunk === null ? "file" : `chunk ${problem.chunk}`} offset ${problem.offset}: ${problem.reason}`,
    ),
  };
}

/** The repo's own parser (worker/formats/evtx), read as the CLI and the Worker read a file. */
export const readWithOurs: EvtxReader = async (file) => normaliseEvtxDumpResult(readEvtx(await readFile(file)));
