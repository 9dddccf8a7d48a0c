/**
 * Bounds-checked reads over a chunk's bytes. Every structure in an EVTX file is little-endian and
 * unaligned; a read past the end raises an EvtxFormatError, which the record or chunk reader turns
 * into a problem report, so damaged input never escapes as an exception.
 */

/** A structure that cannot be read, with the chunk-relative offset where reading failed. */
export class EvtxFormatError extends Error {
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

/** The bytes of one chunk (or of the file header) and a DataView over the same memory. */
export class ByteSource {
  readonly bytes: Uint8Array;
  readonly view: DataView;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  need(offset: number, size: number, what: string): void {
    if (offset < 0 || offset + size > this.bytes.length) {
      throw new EvtxFormatError(`${what} at ${offset} runs past the end of the data`, offset);
    }
  }

  u8(offset: number): number {
    if (offset >= this.bytes.length) throw new EvtxFormatError("unexpected end of data", offset);
    return this.bytes[offset] as number;
  }

  u16(offset: number): number {
    this.need(offset, 2, "16-bit value");
    return this.view.getUint16(offset, true);
  }

  u32(offset: number): number {
    this.need(offset, 4, "32-bit value");
    return this.view.getUint32(offset, true);
  }

  /** A 64-bit unsigned value as a number: exact up to 2^53, the nearest double above (as JSON.parse reads it). */
  u64(offset: number): number {
    this.need(offset, 8, "64-bit value");
    return this.view.getUint32(offset + 4, true) * 4294967296 + this.view.getUint32(offset, true);
  }

  /** Whether the bytes at offset spell the ASCII signature. */
  hasSignature(offset: number, signature: string): boolean {
    if (offset + signature.length > this.bytes.length) return false;
    for (let i = 0; i < signature.length; i++) {
      if (this.bytes[offset + i] !== signature.charCodeAt(i)) return false;
    }
    return true;
  }
}
