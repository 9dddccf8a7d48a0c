/**
 * Deterministic fuzzing: real files damaged by a seeded PRNG (bit flips, runs of bytes, chunk
 * header damage, record sizes, truncation), 500 cases. The reader must never throw, must finish,
 * must give well-formed records, and must report a problem whenever a byte the file's checksums
 * cover was changed (so no damage goes unnoticed).
 */
import { describe, expect, it } from "vitest";
import { readEvtx } from "../../../../worker/formats/evtx/read-evtx.ts";
import { edgeCase } from "./support/corpus.ts";

const FILE_HEADER = 4096;
const CHUNK = 0x10000;
const CASES_PER_FILE = 100;
const WRITTEN = /^[+-]?\d{4,6}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

/** mulberry32: small, fast, and the same sequence on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The byte ranges a checksum covers: the file header's first 120 bytes, each chunk's header and records. */
function covered(bytes: Uint8Array): [number, number][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ranges: [number, number][] = [[0, 120]];
  for (let chunk = FILE_HEADER; chunk + CHUNK <= bytes.length; chunk += CHUNK) {
    if (view.getUint32(chunk, true) !== 0x43666c45) continue;
    ranges.push([chunk, chunk + 120], [chunk + 124, chunk + view.getUint32(chunk + 48, true)]);
  }
  return ranges;
}

/** The first chunk holds the first record; the original record offsets, for size damage. */
function recordOffsets(bytes: Uint8Array): number[] {
  const offsets: number[] = [];
  for (let at = bytes.indexOf(0x2a, FILE_HEADER); at >= 0; at = bytes.indexOf(0x2a, at + 1)) {
    if (bytes[at + 1] === 0x2a && bytes[at + 2] === 0 && bytes[at + 3] === 0) offsets.push(at);
  }
  return offsets;
}

interface Damage {
  bytes: Uint8Array;
  /** A checksummed byte now differs from the original. */
  detectable: boolean;
}

function damage(original: Uint8Array, random: () => number): Damage {
  const pick = (below: number) => Math.floor(random() * below);
  const ranges = covered(original);
  const inCovered = () => {
    const [start, end] = ranges[pick(ranges.length)] as [number, number];
    return start + pick(end - start);
  };
  const bytes = original.slice();
  const kind = pick(5);
  if (kind === 0) {
    for (let flips = 1 + pick(32); flips > 0; flips--) {
      const at = inCovered();
      bytes[at] = (bytes[at] as number) ^ (1 << pick(8));
    }
  } else if (kind === 1) {
    const at = inCovered();
    const fill = random() < 0.5 ? pick(256) : -1;
    for (let i = at; i < Math.min(at + 1 + pick(512), bytes.length); i++) bytes[i] = fill < 0 ? pick(256) : fill;
  } else if (kind === 2) {
    const chunk = FILE_HEADER + CHUNK * pick(Math.max(1, Math.floor((bytes.length - FILE_HEADER) / CHUNK)));
    for (let n = 1 + pick(16); n > 0; n--) {
      const at = pick(504);
      bytes[chunk + (at < 120 ? at : at + 8)] = pick(256);
    }
  } else if (kind === 3) {
    const offsets = recordOffsets(original);
    const at = (offsets[pick(offsets.length)] as number) + 4;
    new DataView(bytes.buffer).setUint32(at, random() < 0.5 ? pick(64) : pick(2 ** 32), true);
  } else {
    return { bytes: bytes.subarray(0, pick(bytes.length)), detectable: false };
  }
  const detectable = ranges.some(([start, end]) => {
    for (let i = start; i < end; i++) if (bytes[i] !== original[i]) return true;
    return false;
  });
  return { bytes, detectable };
}

/** Small real files, with templates, nested Binary XML, forwarded events and a damaged record among them. */
const FILES: [string, number][] = [
  ["Security_short_selected.evtx", 0],
  ["new-user-security.evtx", 0],
  ["MSExchange_Management_wec.evtx", 0],
  ["Microsoft-Windows-LanguagePackSetup%4Operational.evtx", 0],
  // The first two chunks of a CAPI2 log: Binary XML substitutions holding templates.
  ["E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx", FILE_HEADER + 2 * CHUNK],
];

describe("readEvtx on fuzzed files", () => {
  it.each(FILES)("never throws on damaged copies of %s, and reports checksummed damage", (file, length) => {
    const whole = edgeCase(file);
    const original = length > 0 ? whole.slice(0, length) : whole;
    const random = prng(0x5eed + file.length);
    const unreported: number[] = [];
    const malformed: string[] = [];
    for (let i = 0; i < CASES_PER_FILE; i++) {
      const { bytes, detectable } = damage(original, random);
      const result = readEvtx(bytes);
      for (const record of result.records) {
        // Stringifying also proves the event holds no cycle and nothing JSON cannot carry.
        if (!WRITTEN.test(record.written) || Object.keys(record.event).length !== 1 || !JSON.stringify(record.event)) {
          malformed.push(`case ${i}: record ${record.recordId}`);
        }
      }
      for (const problem of result.problems) {
        if (!(problem.offset >= 0) || problem.reason === "") malformed.push(`case ${i}: ${JSON.stringify(problem)}`);
      }
      if (detectable && result.problems.length === 0) unreported.push(i);
    }
    expect(malformed).toEqual([]);
    expect(unreported).toEqual([]);
  });
});
