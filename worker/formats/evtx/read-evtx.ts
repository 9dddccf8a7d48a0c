/**
 * A reader of Windows XML Event Log (.evtx) files: a 4 KiB file header, then 64 KiB chunks of
 * event records whose Binary XML is rendered as the JSON `evtx_dump -o json` writes, the shape
 * the evtx_json source ingests. Web-standard code only, so the Worker, Deno, a browser's Web
 * Worker and the CLI run it unchanged.
 *
 * It never throws and never loops: every chunk slot of the file is tried (a chunk with a bad
 * signature is skipped, a checksum mismatch is reported but its records are still read), and
 * whatever cannot be read is reported as a problem with its chunk and file offset.
 */
import { ByteSource } from "./bytes.ts";
import { CHUNK_SIZE, type ChunkResult, checksumMismatch, readChunk } from "./chunk.ts";
import { crc32 } from "./crc32.ts";

/** Something the reader could not read: its chunk (null: the file header) and absolute file offset. */
export interface EvtxProblem {
  chunk: number | null;
  offset: number;
  reason: string;
}

/**
 * One event record: its id, where it starts in the file (problems name the same offsets), when it
 * was written (ISO-8601 UTC, microseconds), and the evtx_dump JSON.
 */
export interface EvtxRecord {
  recordId: number;
  offset: number;
  written: string;
  event: Record<string, unknown>;
}

export interface EvtxReadResult {
  records: EvtxRecord[];
  problems: EvtxProblem[];
  /** Chunks found in the file (slots holding a chunk signature), damaged ones included. */
  chunks: number;
}

const FILE_HEADER_SIZE = 4096;

function fileHeaderProblems(bytes: Uint8Array): EvtxProblem[] {
  const source = new ByteSource(bytes);
  const problem = (offset: number, reason: string): EvtxProblem => ({ chunk: null, offset, reason });
  if (!source.hasSignature(0, "ElfFile\0")) return [problem(0, "not an EVTX file: no ElfFile signature")];
  if (bytes.length < 128) return [problem(0, `the file ends ${bytes.length} bytes into its header`)];
  const problems: EvtxProblem[] = [];
  if (checksumMismatch(source.u32(124), crc32(bytes, 0, 120), source.u32(120))) {
    problems.push(problem(124, "file header checksum mismatch"));
  }
  if (bytes.length < FILE_HEADER_SIZE) problems.push(problem(bytes.length, "the file ends before its first chunk"));
  return problems;
}

function* chunkResults(bytes: Uint8Array): Generator<ChunkResult & { chunk: number }> {
  const header = fileHeaderProblems(bytes);
  const slots = Math.max(0, Math.ceil((bytes.length - FILE_HEADER_SIZE) / CHUNK_SIZE));
  if (slots === 0) {
    yield { chunk: 0, records: [], problems: header, isChunk: false };
    return;
  }
  for (let chunk = 0; chunk < slots; chunk++) {
    const start = FILE_HEADER_SIZE + chunk * CHUNK_SIZE;
    const result = readChunk(bytes.subarray(start, start + CHUNK_SIZE), chunk, start);
    if (chunk === 0) result.problems.unshift(...header);
    yield { chunk, ...result };
  }
}

/**
 * The file chunk by chunk, one yield each, so a caller can show progress and stop between chunks.
 * The file header's problems come with the first chunk; a file too short to hold a chunk yields
 * once, with no records and its problems.
 */
export function* readEvtxChunks(
  bytes: Uint8Array,
): Generator<{ chunk: number; records: EvtxRecord[]; problems: EvtxProblem[] }> {
  for (const { chunk, records, problems } of chunkResults(bytes)) yield { chunk, records, problems };
}

export function readEvtx(bytes: Uint8Array): EvtxReadResult {
  const records: EvtxRecord[] = [];
  const problems: EvtxProblem[] = [];
  let chunks = 0;
  for (const result of chunkResults(bytes)) {
    for (const record of result.records) records.push(record);
    for (const problem of result.problems) problems.push(problem);
    if (result.isChunk) chunks++;
  }
  return { records, problems, chunks };
}
