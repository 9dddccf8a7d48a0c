/**
 * Turns a request body into records: JSON (`{"events": [...]}`, an array, or one object), NDJSON,
 * or a Zeek TSV log posted as text, optionally gzip-compressed. The size limit is enforced while decompressing, so a gzip bomb costs
 * at most MAX_BODY_BYTES of memory before it is refused.
 */
import { isZeekTsv, parseZeekTsv } from "../formats/zeek/tsv.ts";
import { IngestError } from "./errors.ts";
import { locateJsonError } from "./json-error.ts";
import { MAX_BATCH_ID_LENGTH, MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH } from "./limits.ts";

export interface DecodedBody {
  records: unknown[];
  batchId: string | null;
  /** The decoded text, for the idempotency hash. */
  text: string;
}

const NDJSON_TYPES = ["application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"];

/** The IANA type for TSV; a body of it is always read as a Zeek log. */
const TSV_TYPE = "text/tab-separated-values";

function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

export function isNdjson(contentType: string | null): boolean {
  return NDJSON_TYPES.includes(mediaType(contentType));
}

/**
 * Whether the ingest endpoint reads a body as a Zeek TSV log: any `text/tab-separated-values`
 * body, and a `text/plain` one that starts as Zeek's logs do (`#separator`). Other plain text is
 * read as JSON, as before: `fetch` sends a string body as text/plain unless told otherwise.
 */
export function isZeekTsvBody(contentType: string | null, text: string): boolean {
  const type = mediaType(contentType);
  return type === TSV_TYPE || (type === "text/plain" && isZeekTsv(text));
}

/** The body of an ingest request as text, within the size limit, decompressed when gzip. */
export async function readIngestBody(request: Request): Promise<string> {
  const encoding = request.headers.get("content-encoding");
  const declared = Number(request.headers.get("content-length"));
  if (!encoding && Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    throw new IngestError(413, `body exceeds ${MAX_BODY_BYTES} bytes`);
  }
  return readBody(request.body, encoding);
}

export async function readBody(
  body: ReadableStream<Uint8Array> | null,
  contentEncoding: string | null,
  maxBytes = MAX_BODY_BYTES,
): Promise<string> {
  const bytes = await readBodyBytes(body, contentEncoding, maxBytes);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new IngestError(400, "body is not valid UTF-8");
  }
}

/** The body's bytes, decompressed when gzip, refused past `maxBytes` while it is read. */
export async function readBodyBytes(
  body: ReadableStream<Uint8Array> | null,
  contentEncoding: string | null,
  maxBytes: number,
): Promise<Uint8Array> {
  if (!body) throw new IngestError(400, "request body is empty");
  const encoding = (contentEncoding ?? "identity").trim().toLowerCase();
  let stream: ReadableStream<Uint8Array>;
  if (encoding === "gzip" || encoding === "x-gzip") {
    stream = body.pipeThrough(
      new DecompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
    );
  } else if (encoding === "identity" || encoding === "") {
    stream = body;
  } else {
    throw new IngestError(415, `Content-Encoding '${encoding}' is not supported (use gzip or none)`);
  }

  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw new IngestError(
          413,
          `body exceeds ${maxBytes} bytes${encoding === "identity" ? "" : " after decompression"}`,
        );
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof IngestError) throw error;
    throw new IngestError(400, `body could not be decompressed as ${encoding}: ${(error as Error).message}`);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export function parseJson(text: string, where = ""): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const at = locateJsonError(text);
    if (at) throw new IngestError(400, `invalid JSON${where} at line ${at.line}, column ${at.column}: ${at.reason}`);
    throw new IngestError(400, `invalid JSON${where}: ${(error as Error).message}`);
  }
}

function validBatchId(value: unknown, origin: string): string {
  if (typeof value !== "string" || !/^[A-Za-z0-9._:@/+=-]{1,128}$/.test(value)) {
    throw new IngestError(
      400,
      `${origin} must be 1-${MAX_BATCH_ID_LENGTH} characters of letters, digits and . _ : @ / + = -`,
    );
  }
  return value;
}

export function parseRecords(text: string, ndjson: boolean, idempotencyKey: string | null): DecodedBody {
  let records: unknown[];
  let batchId = idempotencyKey === null ? null : validBatchId(idempotencyKey, "Idempotency-Key");

  if (ndjson) {
    records = [];
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]?.trim() ?? "";
      if (line === "") continue;
      records.push(parseJson(line, ` on NDJSON line ${i + 1}`));
      if (records.length > MAX_EVENTS_PER_BATCH) break;
    }
  } else {
    if (text.trim() === "") throw new IngestError(400, "request body is empty");
    const parsed = parseJson(text, "");
    if (Array.isArray(parsed)) {
      records = parsed;
    } else if (parsed !== null && typeof parsed === "object" && "events" in parsed) {
      const envelope = parsed as { events: unknown; batch_id?: unknown };
      if (!Array.isArray(envelope.events)) throw new IngestError(400, "'events' must be an array");
      records = envelope.events;
      if (envelope.batch_id !== undefined && envelope.batch_id !== null) {
        const bodyId = validBatchId(envelope.batch_id, "batch_id");
        if (batchId !== null && batchId !== bodyId) {
          throw new IngestError(400, "batch_id in the body differs from the Idempotency-Key header");
        }
        batchId = bodyId;
      }
    } else {
      records = [parsed];
    }
  }

  if (records.length > MAX_EVENTS_PER_BATCH) {
    throw new IngestError(413, `a batch holds at most ${MAX_EVENTS_PER_BATCH} events`);
  }
  return { records, batchId, text };
}

/**
 * A Zeek TSV log (conn.log as Zeek's ASCII writer writes it) as the records Zeek's JSON writer
 * would write, each with its `_path`. The log is taken whole or not at all: a malformed header or a
 * line that does not fit it is a 400 naming the line, so a truncated file is never half stored.
 */
export function parseZeekTsvBody(text: string, idempotencyKey: string | null): DecodedBody {
  const batchId = idempotencyKey === null ? null : validBatchId(idempotencyKey, "Idempotency-Key");
  if (text.trim() === "") throw new IngestError(400, "request body is empty");
  const result = parseZeekTsv(text);
  if (!result.ok) throw new IngestError(400, `Zeek TSV line ${result.line}: ${result.error}`);
  const [first] = result.errors;
  if (first !== undefined) {
    const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more lines)` : "";
    throw new IngestError(400, `Zeek TSV line ${first.line}: ${first.error}${more}`);
  }
  if (result.records.length > MAX_EVENTS_PER_BATCH) {
    throw new IngestError(413, `a batch holds at most ${MAX_EVENTS_PER_BATCH} events`);
  }
  return { records: result.records, batchId, text };
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
