/**
 * The records of one log file, as the ingest API takes them, read in chunks so a browser or a
 * terminal can show progress and stop between them. The format comes from the file's first bytes
 * and, where bytes cannot tell, its name: a Zeek `.log` is TSV when it starts with `#separator`.
 */
import { readEvtxChunks } from "../evtx/read-evtx.ts";
import { zeekLogTypeFromFileName } from "../zeek/file-name.ts";
import { isZeekTsv, parseZeekTsv } from "../zeek/tsv.ts";
import { evtxEvent } from "./evtx-event.ts";
import { decodeLogText, textLines } from "./text.ts";

export type LogFormat = "evtx" | "json" | "ndjson" | "zeek-tsv" | "zeek-json" | "syslog";

export interface RecordChunk {
  records: unknown[];
  /** What in this chunk could not be read, each naming where (a line, an EVTX chunk). */
  problems: string[];
}

export interface LogFileRecords {
  format: LogFormat;
  chunks: Iterable<RecordChunk>;
}

const LINES_PER_CHUNK = 2000;

function firstNonSpace(text: string): string {
  const match = /\S/.exec(text.slice(0, 4096));
  return match?.[0] ?? "";
}

/** A JSON document whole: an array of records, `{"events": [...]}`, or one record. */
function* jsonDocument(text: string): Generator<RecordChunk> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    yield { records: [], problems: [`not JSON: ${(error as Error).message}`] };
    return;
  }
  yield* jsonRecords(parsed);
}

function* jsonRecords(parsed: unknown): Generator<RecordChunk> {
  const envelope = parsed as { events?: unknown };
  const records = Array.isArray(parsed)
    ? parsed
    : parsed !== null && typeof parsed === "object" && Array.isArray(envelope.events)
      ? envelope.events
      : [parsed];
  for (let i = 0; i < records.length; i += LINES_PER_CHUNK) {
    yield { records: records.slice(i, i + LINES_PER_CHUNK), problems: [] };
  }
}

function* lineChunks(text: string, read: (line: string, number: number) => unknown | string): Generator<RecordChunk> {
  let chunk: RecordChunk = { records: [], problems: [] };
  for (const { line, number } of textLines(text)) {
    if (line.trim() === "") continue;
    const record = read(line, number);
    if (typeof record === "string") chunk.problems.push(record);
    else chunk.records.push(record);
    if (chunk.records.length + chunk.problems.length >= LINES_PER_CHUNK) {
      yield chunk;
      chunk = { records: [], problems: [] };
    }
  }
  if (chunk.records.length > 0 || chunk.problems.length > 0) yield chunk;
}

function jsonLine(line: string, number: number): unknown | string {
  try {
    return { value: JSON.parse(line) as unknown };
  } catch (error) {
    return `line ${number}: not JSON (${(error as Error).message})`;
  }
}

/** NDJSON: one record a line; a line that is not JSON is a problem, the rest still count. */
function* ndjsonRecords(text: string): Generator<RecordChunk> {
  for (const chunk of lineChunks(text, jsonLine)) {
    yield { records: chunk.records.map((r) => (r as { value: unknown }).value), problems: chunk.problems };
  }
}

/** auth.log, syslog, messages: each line as the ingest's Linux auth source takes it. */
function* syslogRecords(text: string): Generator<RecordChunk> {
  yield* lineChunks(text, (line) => ({ message: line }));
}

const EVTX_MAGIC = [0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00];

function isEvtx(bytes: Uint8Array): boolean {
  return EVTX_MAGIC.every((byte, i) => bytes[i] === byte);
}

/** Each record as evtx_dump's JSON, which the ingest reads as a Windows event. */
function* evtxRecords(bytes: Uint8Array): Generator<RecordChunk> {
  for (const chunk of readEvtxChunks(bytes)) {
    yield {
      records: chunk.records.map(evtxEvent),
      problems: chunk.problems.map(
        (p) => `${p.chunk === null ? "file header" : `chunk ${p.chunk}`} at offset ${p.offset}: ${p.reason}`,
      ),
    };
  }
}

/** Zeek's ASCII writer's logs, typed by their own headers. */
function* zeekTsvRecords(text: string): Generator<RecordChunk> {
  const parsed = parseZeekTsv(text);
  if (!parsed.ok) {
    yield { records: [], problems: [`line ${parsed.line}: ${parsed.error}`] };
    return;
  }
  const problems = parsed.errors.map((e) => `line ${e.line}: ${e.error}`);
  for (let i = 0; i < Math.max(parsed.records.length, 1); i += LINES_PER_CHUNK) {
    yield { records: parsed.records.slice(i, i + LINES_PER_CHUNK), problems: i === 0 ? problems : [] };
  }
}

type Json = Record<string, unknown>;

/** A Zeek JSON record by the fields every one of the logs the import knows carries. */
function looksLikeZeek(record: unknown): record is Json {
  if (typeof record !== "object" || record === null || Array.isArray(record)) return false;
  const r = record as Json;
  return r.ts !== undefined && ["uid", "fuid", "id.orig_h", "fingerprint", "note"].some((key) => r[key] !== undefined);
}

/**
 * Zeek's JSON writer's per-log files carry no `_path`: the file's name says which log it is
 * (`conn.log`, `http.00:00:00-01:00:00.log.gz`), so records that look like Zeek's get it.
 */
function withZeekPath(read: LogFileRecords, logType: string): LogFileRecords {
  function* tagged(): Generator<RecordChunk> {
    for (const chunk of read.chunks) {
      const records = chunk.records.map((r) =>
        looksLikeZeek(r) && r._path === undefined ? { _path: logType, ...r } : r,
      );
      yield { records, problems: chunk.problems };
    }
  }
  return { format: "zeek-json", chunks: tagged() };
}

function jsonOrNdjson(text: string): LogFileRecords {
  // One document, pretty-printed or not, or one object a line: JSON.parse of the whole text
  // tells them apart, and fails fast on NDJSON, at the end of its first line.
  try {
    return { format: "json", chunks: jsonRecords(JSON.parse(text)) };
  } catch {
    return { format: "ndjson", chunks: ndjsonRecords(text) };
  }
}

/** The records of a file that is not an archive (archives.ts unpacks those first). */
export function readLogRecords(name: string, bytes: Uint8Array): LogFileRecords {
  // A damaged header still names the file an EVTX log: reading it as text would only make noise.
  if (isEvtx(bytes) || /\.evtx$/i.test(name)) return { format: "evtx", chunks: evtxRecords(bytes) };
  const text = decodeLogText(bytes);
  if (isZeekTsv(text)) return { format: "zeek-tsv", chunks: zeekTsvRecords(text) };
  const first = firstNonSpace(text);
  if (first === "[") return { format: "json", chunks: jsonDocument(text) };
  if (first === "{") {
    const read = jsonOrNdjson(text);
    const logType = zeekLogTypeFromFileName(name);
    if (logType === null) return read;
    // Peek at the first record without losing it: the chunks are read once.
    const chunks = read.chunks[Symbol.iterator]();
    const head = chunks.next();
    const all: LogFileRecords = { format: read.format, chunks: head.done ? [] : prepend(head.value, chunks) };
    return head.done || !looksLikeZeek(head.value.records[0]) ? all : withZeekPath(all, logType);
  }
  return { format: "syslog", chunks: syslogRecords(text) };
}

function* prepend(first: RecordChunk, rest: Iterator<RecordChunk>): Generator<RecordChunk> {
  yield first;
  for (let next = rest.next(); !next.done; next = rest.next()) yield next.value;
}
