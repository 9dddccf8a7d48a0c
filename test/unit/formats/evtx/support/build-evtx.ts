/**
 * Hand-built EVTX files for behaviours no real file shows on its own (nesting and expansion
 * limits): a valid file header and one chunk with correct checksums around the given records.
 */
import { crc32 } from "../../../../../worker/formats/evtx/crc32.ts";

const CHUNK = 4096;
const RECORDS = 512;

/** Bytes written at a known chunk-relative position, so name and template offsets can point at them. */
export class BinXmlWriter {
  readonly bytes: number[] = [];
  readonly base: number;

  constructor(base: number) {
    this.base = base;
  }

  get position(): number {
    return this.base + this.bytes.length;
  }

  u8(...values: number[]): this {
    this.bytes.push(...values);
    return this;
  }

  u16(value: number): this {
    return this.u8(value & 0xff, (value >> 8) & 0xff);
  }

  u32(value: number): this {
    return this.u16(value & 0xffff).u16(value >>> 16);
  }

  /** A name offset; the name structure follows in place unless `at` points elsewhere. */
  name(text: string, at?: number): this {
    if (at !== undefined) return this.u32(at);
    this.u32(this.position + 4)
      .u32(0)
      .u16(0)
      .u16(text.length);
    for (let i = 0; i < text.length; i++) this.u16(text.charCodeAt(i));
    return this.u16(0);
  }
}

/** Where the Binary XML of the record at `index` of `evtxFile` begins, if the records before it have these sizes. */
export function recordBase(previousSizes: readonly number[]): number {
  return RECORDS + previousSizes.reduce((sum, size) => sum + size, 0) + 24;
}

function put32(bytes: Uint8Array, offset: number, value: number): void {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(offset, value, true);
}

/** A file of one chunk holding records with these Binary XML payloads, ids 1, 2, ... */
export function evtxFile(payloads: readonly number[][]): Uint8Array {
  const file = new Uint8Array(CHUNK + 0x10000);
  file.set(new TextEncoder().encode("ElfFile\0"), 0);
  put32(file, 24, payloads.length + 1);
  put32(file, 32, 128);
  file.set([1, 0, 3, 0, 0x00, 0x10, 1, 0], 36);
  put32(file, 124, crc32(file, 0, 120));
  const chunk = file.subarray(CHUNK);
  chunk.set(new TextEncoder().encode("ElfChnk\0"), 0);
  let at = RECORDS;
  payloads.forEach((payload, index) => {
    const size = 24 + payload.length + 4;
    chunk.set([0x2a, 0x2a, 0, 0], at);
    put32(chunk.subarray(at), 4, size);
    put32(chunk.subarray(at), 8, index + 1);
    put32(chunk.subarray(at), 20, 0x01d4dead);
    chunk.set(payload, at + 24);
    put32(chunk.subarray(at), size - 4, size);
    put32(chunk, 44, at);
    at += size;
  });
  put32(chunk, 8, 1);
  put32(chunk, 16, payloads.length);
  put32(chunk, 24, 1);
  put32(chunk, 32, payloads.length);
  put32(chunk, 40, 128);
  put32(chunk, 48, at);
  put32(chunk, 52, crc32(chunk, RECORDS, at));
  put32(chunk, 124, crc32(chunk, 128, RECORDS, crc32(chunk, 0, 120)));
  return file;
}
