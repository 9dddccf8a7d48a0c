/**
 * One 64 KiB chunk: a 512-byte header (signature, record offsets, checksums, then the string and
 * template tables this reader does not need: names and templates are reached by offset) and the
 * event records after it. A damaged record is reported and the next record signature is looked
 * for, so one bad record costs only itself.
 */
import { ChunkBinXml } from "./binxml.ts";
import { Budget } from "./budget.ts";
import { ByteSource, EvtxFormatError } from "./bytes.ts";
import { crc32 } from "./crc32.ts";
import type { EvtxProblem, EvtxRecord } from "./read-evtx.ts";
import { eventJson } from "./render-json.ts";
import { fileTimeAt } from "./values.ts";

export const CHUNK_SIZE = 0x10000;
const CHUNK_HEADER_SIZE = 512;
const RECORD_HEADER_SIZE = 24;
/** Header, at least one token, and the trailing copy of the size. */
const MIN_RECORD_SIZE = 28;
/**
 * A chunk (and file) flag: no checksums were written (Application_no_crc32.evtx). The flags are
 * outside what the checksums cover, so a checksum is skipped only when it is also zero: damage
 * that sets the flag does not silence the check.
 */
const NO_CHECKSUMS = 0x4;

export function checksumMismatch(stored: number, computed: number, flags: number): boolean {
  if (stored === 0 && (flags & NO_CHECKSUMS) !== 0) return false;
  return stored !== computed;
}

/**
 * Elements one record, and one chunk, may build and render: the largest real record (of the
 * corpora in ../shared) takes 540, the densest chunk about 10,000, so a crafted file costs at
 * most ten times a dense real one per byte.
 */
const RECORD_BUDGET = 20_000;
const CHUNK_BUDGET = 100_000;

export interface ChunkResult {
  records: EvtxRecord[];
  problems: EvtxProblem[];
  /** The slot held a chunk (its signature was there), damaged or not. */
  isChunk: boolean;
}

/** Unused chunk slots are 64 KiB of zeros, so this runs over most of a sparse file: a word at a time. */
function allZero(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  const aligned = (bytes.byteOffset + i) % 4 === 0;
  if (aligned && end - i >= 4) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (end - i) >> 2);
    for (let w = 0; w < words.length; w++) if (words[w] !== 0) return false;
    i += words.length * 4;
  }
  for (; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** Where the next record starts when looking past damage: its size fits and is repeated at its end. */
function isRecordAt(source: ByteSource, offset: number, end: number): boolean {
  if (offset + RECORD_HEADER_SIZE > end || !source.hasSignature(offset, "**\0\0")) return false;
  const size = source.view.getUint32(offset + 4, true);
  return size >= MIN_RECORD_SIZE && offset + size <= end && source.view.getUint32(offset + size - 4, true) === size;
}

function nextRecord(source: ByteSource, from: number, end: number): number {
  for (let at = source.bytes.indexOf(0x2a, from); at >= 0 && at < end; at = source.bytes.indexOf(0x2a, at + 1)) {
    if (isRecordAt(source, at, end)) return at;
  }
  return -1;
}

function namesProvider(event: Record<string, unknown>): boolean {
  const system = (event.Event as { System?: { Provider?: { "#attributes"?: { Name?: unknown } } } } | null)?.System;
  const name = system?.Provider?.["#attributes"]?.Name;
  return typeof name === "string" && name !== "";
}

export function readChunk(bytes: Uint8Array, index: number, fileOffset: number): ChunkResult {
  const records: EvtxRecord[] = [];
  const problems: EvtxProblem[] = [];
  const problem = (offset: number, reason: string) =>
    problems.push({ chunk: index, offset: fileOffset + offset, reason });
  const source = new ByteSource(bytes);

  if (!source.hasSignature(0, "ElfChnk\0")) {
    if (!allZero(bytes, 0, bytes.length)) problem(0, "no chunk signature (ElfChnk): the chunk is skipped");
    return { records, problems, isChunk: false };
  }
  if (bytes.length < CHUNK_HEADER_SIZE) {
    problem(0, `the file ends ${bytes.length} bytes into the chunk's 512-byte header`);
    return { records, problems, isChunk: true };
  }

  const flags = source.u32(120);
  const headerCrc = crc32(bytes, CHUNK_HEADER_SIZE - 384, CHUNK_HEADER_SIZE, crc32(bytes, 0, 120));
  if (checksumMismatch(source.u32(124), headerCrc, flags)) problem(124, "chunk header checksum mismatch");
  let end = source.u32(48);
  if (end < CHUNK_HEADER_SIZE || end > CHUNK_SIZE) {
    problem(48, `free space offset ${end} lies outside the chunk; records are read to the chunk's end`);
    end = bytes.length;
  } else if (end > bytes.length) {
    problem(bytes.length, `the file ends ${bytes.length} bytes into the chunk, before its records end at ${end}`);
    end = bytes.length;
  } else {
    if (checksumMismatch(source.u32(52), crc32(bytes, CHUNK_HEADER_SIZE, end), flags)) {
      problem(52, "event records checksum mismatch");
    }
    // A cut that takes only the chunk's unused space loses nothing, but the file is not whole.
    if (bytes.length < CHUNK_SIZE) {
      problem(bytes.length, `the file ends ${bytes.length} bytes into the chunk, after its records end at ${end}`);
    }
  }

  const binxml = new ChunkBinXml(source);
  const chunkBudget = new Budget(CHUNK_BUDGET);
  let at = CHUNK_HEADER_SIZE;
  while (at + RECORD_HEADER_SIZE <= end) {
    const size = source.view.getUint32(at + 4, true);
    if (!source.hasSignature(at, "**\0\0") || size < MIN_RECORD_SIZE || at + size > end) {
      if (allZero(bytes, at, end)) break;
      problem(
        at,
        source.hasSignature(at, "**\0\0")
          ? `record of size ${size} does not fit (at least ${MIN_RECORD_SIZE} bytes, within the chunk's records)`
          : "no record signature where a record should start",
      );
      const next = nextRecord(source, at + 1, end);
      if (next < 0) break;
      at = next;
      continue;
    }
    // A record whose tail was overwritten (its size is not repeated at its end) may still hold its
    // whole event: it is read, and reported. If it cannot be read, a newer record may have been
    // written over it, so the next record is looked for inside it rather than after it.
    const intact = source.view.getUint32(at + size - 4, true) === size;
    if (!intact) problem(at + size - 4, `record at ${fileOffset + at}: its size is not repeated at its end`);
    const budget = new Budget(Math.min(RECORD_BUDGET, chunkBudget.remaining));
    let read = false;
    try {
      const root = binxml.readRecord(at + RECORD_HEADER_SIZE, at + size - 4, budget);
      const event = eventJson(root, budget);
      read = true;
      // An overwritten record whose values went with its tail renders as an event of zeros and
      // nulls, dated 1601: nothing an analyst could search for, so it is reported, not kept.
      if (intact || namesProvider(event)) {
        records.push({
          recordId: source.u64(at + 8),
          offset: fileOffset + at,
          written: fileTimeAt(source, at + 16),
          event,
        });
      } else problem(at, `record at ${fileOffset + at}: its values were overwritten (no provider): skipped`);
    } catch (error) {
      const offset = error instanceof EvtxFormatError ? error.offset || at : at;
      problem(offset, `record at ${fileOffset + at}: ${error instanceof Error ? error.message : String(error)}`);
    }
    chunkBudget.remaining -= budget.spent;
    if (chunkBudget.remaining <= 0) {
      problem(at, `the chunk expands to more than ${CHUNK_BUDGET} elements; its remaining records are skipped`);
      break;
    }
    const next = read || intact ? at + size : nextRecord(source, at + 4, end);
    if (next < 0) break;
    at = next;
  }
  return { records, problems, isChunk: true };
}
