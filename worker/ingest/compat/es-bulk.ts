/**
 * Elasticsearch's bulk body (NDJSON action/metadata lines, each `index` or `create` followed by its
 * document) -> the records to ingest, plus one slot per action so the answer lists every item in
 * order, as Elasticsearch does. EdgeSIEM stores events append-only, so `delete` and `update` are
 * answered as failed items rather than refusing the whole request.
 */

import { isRecord } from "../../sources/common/values.ts";
import { parseJson } from "../decode.ts";
import { IngestError } from "../errors.ts";

export type BulkAction = "index" | "create" | "delete" | "update";

export interface BulkSlot {
  action: BulkAction;
  index: string;
  /** The `_id` the client gave, or null to have one made up. */
  id: string | null;
  /** Position of the slot's record in `records`, or null when the item failed before ingest. */
  record: number | null;
  /** Why the item failed before ingest. */
  error: { type: string; reason: string } | null;
}

export interface BulkRequest {
  slots: BulkSlot[];
  records: Record<string, unknown>[];
}

/** The field each document keeps the index name in, as `_index` is in Elasticsearch. */
export const INDEX_FIELD = "_index";

const ACTIONS: readonly BulkAction[] = ["index", "create", "delete", "update"];
const WITH_SOURCE: readonly BulkAction[] = ["index", "create", "update"];

interface Line {
  number: number;
  text: string;
}

function contentLines(text: string): Line[] {
  const lines: Line[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line !== "") lines.push({ number: i + 1, text: line });
  });
  return lines;
}

function readAction(line: Line): { action: BulkAction; meta: Record<string, unknown> } {
  const parsed = parseJson(line.text, ` on bulk line ${line.number}`);
  const keys = isRecord(parsed) ? Object.keys(parsed) : [];
  const action = keys[0] as BulkAction | undefined;
  if (!isRecord(parsed) || keys.length !== 1 || action === undefined || !ACTIONS.includes(action)) {
    throw new IngestError(
      400,
      `Malformed action/metadata line [${line.number}], expected one of ${ACTIONS.join(", ")} as its only key`,
    );
  }
  const meta = parsed[action];
  if (!isRecord(meta)) {
    throw new IngestError(400, `Malformed action/metadata line [${line.number}], expected an object after '${action}'`);
  }
  return { action, meta };
}

function metaText(meta: Record<string, unknown>, key: string): string | null {
  const value = meta[key];
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number") return String(value);
  return null;
}

export function parseBulk(text: string, pathIndex: string | null): BulkRequest {
  const lines = contentLines(text);
  if (lines.length === 0) throw new IngestError(400, "request body is required");
  const slots: BulkSlot[] = [];
  const records: Record<string, unknown>[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    const { action, meta } = readAction(line);
    const index = metaText(meta, "_index") ?? pathIndex;
    if (index === null) {
      throw new IngestError(400, `Validation Failed: 1: index is missing for the action on line [${line.number}];`);
    }
    const slot: BulkSlot = { action, index, id: metaText(meta, "_id"), record: null, error: null };
    slots.push(slot);
    if (!WITH_SOURCE.includes(action)) {
      slot.error = unsupported(action);
      continue;
    }
    const source = lines[i + 1];
    i += 1;
    if (source === undefined) {
      throw new IngestError(
        400,
        `The bulk request must be terminated by a newline [\\n]: no document after line [${line.number}]`,
      );
    }
    if (action === "update") {
      slot.error = unsupported(action);
      continue;
    }
    const document = parseDocument(source);
    if (!document.ok) {
      slot.error = document.error;
      continue;
    }
    slot.record = records.length;
    records.push({ ...document.document, [INDEX_FIELD]: index });
  }
  return { slots, records };
}

/** A document that cannot be read fails its own item, as Elasticsearch's mapper does, not the request. */
function parseDocument(
  line: Line,
): { ok: true; document: Record<string, unknown> } | { ok: false; error: { type: string; reason: string } } {
  const type = "mapper_parsing_exception";
  try {
    const document: unknown = parseJson(line.text, ` on bulk line ${line.number}`);
    if (isRecord(document)) return { ok: true, document };
    return { ok: false, error: { type, reason: `failed to parse line [${line.number}]: not a JSON object` } };
  } catch (error) {
    return { ok: false, error: { type, reason: `failed to parse: ${(error as Error).message}` } };
  }
}

function unsupported(action: BulkAction): { type: string; reason: string } {
  return {
    type: "illegal_argument_exception",
    reason: `EdgeSIEM stores events append-only: '${action}' is not supported, only index and create`,
  };
}
