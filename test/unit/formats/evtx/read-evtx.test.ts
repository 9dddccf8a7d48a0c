/**
 * What readEvtx and readEvtxChunks do with damage: every chunk and record they can read comes
 * back, everything else as a problem with its chunk and file offset, and nothing throws.
 */
import { describe, expect, it } from "vitest";
import { type EvtxReadResult, readEvtx, readEvtxChunks } from "../../../../worker/formats/evtx/read-evtx.ts";
import { BinXmlWriter, evtxFile, recordBase } from "./support/build-evtx.ts";
import { edgeCase } from "./support/corpus.ts";

const FILE_HEADER = 4096;
const CHUNK = 0x10000;

function damaged(file: string, change: (bytes: Uint8Array) => void): Uint8Array {
  const bytes = edgeCase(file).slice();
  change(bytes);
  return bytes;
}

function reasons(result: EvtxReadResult): string[] {
  return result.problems.map((problem) => `${problem.chunk}@${problem.offset}: ${problem.reason}`);
}

/** `<A><A>...<A/>...</A></A>` nested `depth` deep, written without a template as forwarded events are. */
function nested(base: number, depth: number): number[] {
  const writer = new BinXmlWriter(base).u8(0x0f, 1, 1, 0);
  let nameAt = -1;
  for (let level = 0; level < depth; level++) {
    writer.u8(0x01).u32(0);
    if (nameAt < 0) {
      nameAt = writer.position + 4;
      writer.name("A");
    } else writer.name("A", nameAt);
    writer.u8(level === depth - 1 ? 0x03 : 0x02);
  }
  for (let level = 1; level < depth; level++) writer.u8(0x04);
  return writer.u8(0x00).bytes;
}

/** A template `<A><B>%0 %1 ... </B></A>` whose values are arrays of ten bytes each: B repeats 10^n times. */
function expanding(base: number, arrays: number): number[] {
  const writer = new BinXmlWriter(base).u8(0x0f, 1, 1, 0, 0x0c, 0x01).u32(0);
  writer
    .u32(writer.position + 4)
    .u32(0)
    .u32(0)
    .u32(0)
    .u32(0)
    .u32(0);
  const sizeAt = writer.bytes.length;
  writer.u32(0);
  const definitionStart = writer.bytes.length;
  writer.u8(0x0f, 1, 1, 0, 0x01).u16(0xffff).u32(0).name("A").u8(0x02);
  writer.u8(0x01).u16(0xffff).u32(0).name("B").u8(0x02);
  for (let i = 0; i < arrays; i++) writer.u8(0x0d).u16(i).u8(0x84);
  writer.u8(0x04, 0x04, 0x00);
  const size = writer.bytes.length - definitionStart;
  writer.bytes.splice(sizeAt, 4, size & 0xff, (size >> 8) & 0xff, 0, 0);
  writer.u32(arrays);
  for (let i = 0; i < arrays; i++) writer.u16(10).u8(0x84, 0);
  for (let i = 0; i < arrays; i++) writer.u8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  return writer.u8(0x00).bytes;
}

/**
 * The next record (after records of these sizes) of a chunk whose first record defines a template
 * `<A>` of `children` empty `<B/>` elements at `definitionAt`, and whose later records point at it.
 */
function sharingTemplate(sizes: number[], children: number, definitionAt: number): number[] {
  const writer = new BinXmlWriter(recordBase(sizes)).u8(0x0f, 1, 1, 0, 0x0c, 0x01).u32(0);
  if (sizes.length > 0) return writer.u32(definitionAt).u32(0).u8(0x00).bytes;
  writer
    .u32(writer.position + 4)
    .u32(0)
    .u32(0)
    .u32(0)
    .u32(0)
    .u32(0);
  const sizeAt = writer.bytes.length;
  writer.u32(0);
  writer.u8(0x0f, 1, 1, 0, 0x01).u16(0xffff).u32(0).name("A").u8(0x02);
  const nameAt = writer.position + 7 + 4;
  for (let i = 0; i < children; i++)
    writer
      .u8(0x01)
      .u16(0xffff)
      .u32(0)
      .name("B", i === 0 ? undefined : nameAt)
      .u8(0x03);
  writer.u8(0x04, 0x00);
  const size = writer.bytes.length - sizeAt - 4;
  writer.bytes.splice(sizeAt, 4, size & 0xff, (size >> 8) & 0xff, 0, 0);
  return writer.u32(0).u8(0x00).bytes;
}

describe("readEvtxChunks", () => {
  it("yields one entry per chunk slot, in order, the file header's problems with the first", () => {
    const entries = [...readEvtxChunks(damaged("security.evtx", (bytes) => bytes.fill(0, 40, 44)))];
    expect(entries.map((entry) => entry.chunk)).toEqual([...Array(33).keys()]);
    expect(entries.reduce((sum, entry) => sum + entry.records.length, 0)).toBe(2261);
    expect(entries[0]?.problems).toEqual([{ chunk: null, offset: 124, reason: "file header checksum mismatch" }]);
  });

  it("yields once, with the problem, for input too short to hold a chunk", () => {
    expect([...readEvtxChunks(new Uint8Array(0))]).toEqual([
      {
        chunk: 0,
        records: [],
        problems: [{ chunk: null, offset: 0, reason: "not an EVTX file: no ElfFile signature" }],
      },
    ]);
  });
});

describe("readEvtx on damaged files", () => {
  it("skips a chunk without its signature, reports it, and reads every other chunk", () => {
    const whole = readEvtx(edgeCase("security.evtx"));
    const start = FILE_HEADER + CHUNK;
    const result = readEvtx(damaged("security.evtx", (bytes) => bytes.fill(0x41, start, start + 8)));
    const lost = [...readEvtxChunks(edgeCase("security.evtx"))][1]?.records.length ?? 0;
    expect(result.records).toHaveLength(whole.records.length - lost);
    expect(result.chunks).toBe(whole.chunks - 1);
    expect(result.problems).toEqual([
      { chunk: 1, offset: start, reason: "no chunk signature (ElfChnk): the chunk is skipped" },
    ]);
  });

  it("reports checksum mismatches and still reads the chunk's records", () => {
    const result = readEvtx(
      damaged("security.evtx", (bytes) => {
        bytes[FILE_HEADER + 60] = 0xff;
        bytes[FILE_HEADER + 512 + 16] = (bytes[FILE_HEADER + 512 + 16] as number) ^ 1;
      }),
    );
    expect(result.records).toHaveLength(2261);
    expect(reasons(result)).toEqual([
      `0@${FILE_HEADER + 124}: chunk header checksum mismatch`,
      `0@${FILE_HEADER + 52}: event records checksum mismatch`,
    ]);
  });

  it("reports a zero-size record with its chunk and offset, and reads the records after it", () => {
    const result = readEvtx(edgeCase("sample-with-zero-data-size-event.evtx"));
    expect(result.problems).toContainEqual({
      chunk: 0,
      offset: 6176,
      reason: "record of size 0 does not fit (at least 28 bytes, within the chunk's records)",
    });
    expect(result.records.map((record) => record.recordId)).toContain(4);
  });

  it("skips a record overwritten with its values, reporting it, and keeps one whose event survived", () => {
    const hello = readEvtx(edgeCase("Microsoft-Windows-HelloForBusiness%4Operational.evtx"));
    expect(reasons(hello)).toContain("0@8080: record at 8080: its values were overwritten (no provider): skipped");
    expect(hello.records.map((record) => record.offset)).not.toContain(8080);
    const language = readEvtx(edgeCase("Microsoft-Windows-LanguagePackSetup%4Operational.evtx"));
    expect(reasons(language)).toContain("0@12404: record at 12024: its size is not repeated at its end");
    expect(language.records.find((record) => record.offset === 12024)?.event).toMatchObject({
      Event: {
        System: { Provider: { "#attributes": { Name: "Microsoft-Windows-LanguagePackSetup" } }, EventRecordID: 17 },
      },
    });
  });

  it("reads what a truncated file holds and reports where it ends", () => {
    const bytes = edgeCase("security.evtx");
    const end = FILE_HEADER + 3 * CHUNK + 30_000;
    const result = readEvtx(bytes.subarray(0, end));
    const before = readEvtx(bytes.subarray(0, FILE_HEADER + 3 * CHUNK)).records;
    expect(result.records.length).toBeGreaterThan(before.length);
    expect(result.records.slice(0, before.length)).toEqual(before);
    expect(result.problems[0]).toMatchObject({ chunk: 3, offset: end });
    expect(result.problems[0]?.reason).toMatch(/^the file ends 30000 bytes into the chunk/);
  });

  it("reads every record of a chunk cut only in its unused space, and reports the cut", () => {
    const bytes = edgeCase("new-user-security.evtx");
    const whole = readEvtx(bytes);
    const freeSpace = new DataView(bytes.buffer, bytes.byteOffset).getUint32(FILE_HEADER + 48, true);
    const end = FILE_HEADER + freeSpace + 100;
    const cut = readEvtx(bytes.subarray(0, end));
    expect(cut.records).toEqual(whole.records);
    expect(cut.problems).toEqual([
      {
        chunk: 0,
        offset: end,
        reason: `the file ends ${freeSpace + 100} bytes into the chunk, after its records end at ${freeSpace}`,
      },
    ]);
  });

  it("gives each record's offset in the file, where its signature is", () => {
    const bytes = edgeCase("new-user-security.evtx");
    const { records } = readEvtx(bytes);
    expect(records[0]?.offset).toBe(FILE_HEADER + 512);
    for (const record of records)
      expect(new TextDecoder().decode(bytes.subarray(record.offset, record.offset + 2))).toBe("**");
  });

  it("reports input that is not EVTX and reads nothing from it", () => {
    const garbage = Uint8Array.from({ length: 3 * CHUNK }, (_, i) => (i * 7919) % 251);
    const result = readEvtx(garbage);
    expect(result.records).toEqual([]);
    expect(result.chunks).toBe(0);
    expect(result.problems[0]).toEqual({ chunk: null, offset: 0, reason: "not an EVTX file: no ElfFile signature" });
    expect(result.problems.slice(1).map((problem) => problem.chunk)).toEqual([0, 1, 2]);
  });
});

describe("readEvtx limits", () => {
  it("reports elements nested deeper than any event, and reads the next record", () => {
    const deep = nested(recordBase([]), 200);
    const result = readEvtx(evtxFile([deep, nested(recordBase([28 + deep.length]), 3)]));
    expect(result.records).toEqual([
      { recordId: 2, offset: 4608 + 28 + deep.length, written: expect.any(String), event: { A: { A: { A: null } } } },
    ]);
    expect(reasons(result)).toEqual([
      expect.stringMatching(/^0@\d+: record at 4608: elements nest deeper than 48 levels$/),
    ]);
  });

  it("stops reading a chunk whose records would render more elements than any real chunk", () => {
    const definitionAt = recordBase([]) + 14;
    const payloads: number[][] = [];
    for (let i = 0; i < 40; i++)
      payloads.push(
        sharingTemplate(
          payloads.map((p) => p.length + 28),
          3000,
          definitionAt,
        ),
      );
    const result = readEvtx(evtxFile(payloads));
    expect(result.records.length).toBeGreaterThan(20);
    expect(result.records.length).toBeLessThan(40);
    expect(Object.keys(result.records[0]?.event.A as object)).toHaveLength(3000);
    expect(result.problems.at(-1)?.reason).toBe(
      "the chunk expands to more than 100000 elements; its remaining records are skipped",
    );
  });

  it("stops a record whose arrays would repeat its elements a million times", () => {
    const few = expanding(recordBase([]), 1);
    const result = readEvtx(evtxFile([few, expanding(recordBase([28 + few.length]), 6)]));
    expect(result.records).toHaveLength(1);
    const repeated = Object.fromEntries([...Array(10).keys()].map((item) => [item === 0 ? "B" : `B_${item}`, item]));
    expect(result.records[0]?.event).toEqual({ A: repeated });
    expect(reasons(result)).toEqual([
      expect.stringMatching(/record at \d+: the record expands to more than 20000 elements$/),
    ]);
  });
});
