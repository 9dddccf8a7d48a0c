/**
 * Substitution values (MS-EVEN6 2.2.12, value types) decoded to what evtx_dump's JSON shows:
 * integers and booleans as numbers and booleans, everything else as its text form (hex integers
 * as `0x` + lower-case digits, GUIDs upper-case without braces, binary as upper-case hex, times
 * as ISO-8601 UTC with microseconds, SIDs as `S-1-5-...`). Binary XML (0x21) is the parser's.
 */
import { type ByteSource, EvtxFormatError } from "./bytes.ts";
import type { ArrayValue, Scalar } from "./nodes.ts";
import { ansiUntilNul, utf16, utf16UntilNul } from "./text.ts";

export const NULL_TYPE = 0x00;
export const BINXML_TYPE = 0x21;
const ARRAY_FLAG = 0x80;

/** 100-ns ticks from 1601-01-01 to 1970-01-01, split to stay exact: seconds and ticks. */
const EPOCH_DIFFERENCE_SECONDS = 11644473600;
const TICKS_PER_SECOND = 10_000_000;

const HEX = "0123456789ABCDEF";

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

/**
 * A FILETIME as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (microseconds, truncated, as the Rust crate writes).
 * The 64-bit tick count does not fit a double, so the sub-second remainder is taken from the two
 * 32-bit halves first; what remains is a multiple of 10^7 (hence of 2^7) and converts exactly.
 */
export function fileTimeAt(source: ByteSource, offset: number): string {
  source.need(offset, 8, "FILETIME");
  const low = source.view.getUint32(offset, true);
  const high = source.view.getUint32(offset + 4, true);
  const remainder =
    ((((high % TICKS_PER_SECOND) * (4294967296 % TICKS_PER_SECOND)) % TICKS_PER_SECOND) + low) % TICKS_PER_SECOND;
  const seconds = (high * 4294967296 + (low - remainder)) / TICKS_PER_SECOND - EPOCH_DIFFERENCE_SECONDS;
  const date = new Date(seconds * 1000).toISOString();
  return `${date.slice(0, date.length - 5)}.${pad(Math.floor(remainder / 10), 6)}Z`;
}

/** A SYSTEMTIME (year, month, weekday, day, hour, minute, second, millisecond) in the FILETIME form. */
function systemTimeAt(source: ByteSource, offset: number): string {
  source.need(offset, 16, "SYSTEMTIME");
  const field = (index: number) => source.view.getUint16(offset + index * 2, true);
  return (
    `${pad(field(0), 4)}-${pad(field(1), 2)}-${pad(field(3), 2)}T${pad(field(4), 2)}:${pad(field(5), 2)}:` +
    `${pad(field(6), 2)}.${pad(field(7) * 1000, 6)}Z`
  );
}

function guidAt(source: ByteSource, offset: number): string {
  source.need(offset, 16, "GUID");
  const bytes = source.bytes;
  let text = "";
  const order = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];
  for (const index of order) {
    if (index < 0) {
      text += "-";
      continue;
    }
    const byte = bytes[offset + index] as number;
    text += (HEX[byte >> 4] as string) + (HEX[byte & 15] as string);
  }
  return text;
}

function binaryAt(source: ByteSource, offset: number, size: number): string {
  source.need(offset, size, "binary value");
  const bytes = source.bytes;
  const parts: string[] = [];
  for (let i = offset; i < offset + size; i++) {
    const byte = bytes[i] as number;
    parts.push((HEX[byte >> 4] as string) + (HEX[byte & 15] as string));
  }
  return parts.join("");
}

/** A SID: revision, sub-authority count, 48-bit big-endian authority, then 32-bit sub-authorities. */
function sidAt(source: ByteSource, offset: number, size: number): { text: string; size: number } {
  if (size < 8) throw new EvtxFormatError(`SID of ${size} bytes is shorter than its 8-byte header`, offset);
  source.need(offset, 8, "SID");
  const count = source.u8(offset + 1);
  const authority = source.view.getUint16(offset + 2) * 4294967296 + source.view.getUint32(offset + 4);
  let text = `S-${source.u8(offset)}-${authority}`;
  const available = Math.min(count, Math.floor((size - 8) / 4));
  for (let i = 0; i < available; i++) text += `-${source.u32(offset + 8 + i * 4)}`;
  return { text, size: 8 + available * 4 };
}

function hex(value: number): string {
  return `0x${value.toString(16)}`;
}

function hex64At(source: ByteSource, offset: number): string {
  source.need(offset, 8, "64-bit value");
  const low = source.view.getUint32(offset, true);
  const high = source.view.getUint32(offset + 4, true);
  if (high === 0) return hex(low);
  return `0x${high.toString(16)}${low.toString(16).padStart(8, "0")}`;
}

/**
 * A 64-bit integer as a number while a double holds it exactly, else as its exact decimal text:
 * a JSON number past 2^53 would be rounded by every JavaScript reader of the event.
 */
function int64At(source: ByteSource, offset: number, signed: boolean): number | string {
  source.need(offset, 8, "64-bit value");
  const value = signed ? source.view.getBigInt64(offset, true) : source.view.getBigUint64(offset, true);
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value.toString();
}

/** Shortest text that reads back as the same float: single precision needs its own search. */
function floatText(value: number, single: boolean): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "inf" : "-inf";
  let text = String(value);
  if (single) {
    for (let digits = 1; digits <= 9; digits++) {
      const candidate = Number(value.toPrecision(digits));
      if (Math.fround(candidate) === value) {
        text = String(candidate);
        break;
      }
    }
  }
  return /^-?\d+$/.test(text) ? `${text}.0` : text;
}

/** The fixed size of one item of a type, or 0 for variable-size types. */
function itemSize(type: number, size: number): number {
  switch (type) {
    case 0x03:
    case 0x04:
      return 1;
    case 0x05:
    case 0x06:
      return 2;
    case 0x07:
    case 0x08:
    case 0x0b:
    case 0x0d:
    case 0x14:
      return 4;
    case 0x09:
    case 0x0a:
    case 0x0c:
    case 0x11:
    case 0x15:
      return 8;
    case 0x0f:
    case 0x12:
      return 16;
    case 0x10:
      return size === 4 ? 4 : 8;
    default:
      return 0;
  }
}

/** One fixed-size item of a scalar type at offset. */
function fixedScalarAt(source: ByteSource, type: number, offset: number, size: number): Scalar {
  const view = source.view;
  source.need(offset, size, "value");
  switch (type) {
    case 0x03:
      return view.getInt8(offset);
    case 0x04:
      return view.getUint8(offset);
    case 0x05:
      return view.getInt16(offset, true);
    case 0x06:
      return view.getUint16(offset, true);
    case 0x07:
      return view.getInt32(offset, true);
    case 0x08:
      return view.getUint32(offset, true);
    case 0x09:
      return int64At(source, offset, true);
    case 0x0a:
      return int64At(source, offset, false);
    case 0x0b:
      return floatText(view.getFloat32(offset, true), true);
    case 0x0c:
      return floatText(view.getFloat64(offset, true), false);
    // Windows writes BOOL as a 32-bit integer; some logs hold values other than 0 and 1, which
    // are true like any non-zero BOOL (sample-with-irregular-bool-values.evtx).
    case 0x0d:
      return view.getUint32(offset, true) !== 0;
    case 0x0f:
      return guidAt(source, offset);
    case 0x10:
      return size === 4 ? hex(view.getUint32(offset, true)) : hex64At(source, offset);
    case 0x11:
      return fileTimeAt(source, offset);
    case 0x12:
      return systemTimeAt(source, offset);
    case 0x14:
      return hex(view.getUint32(offset, true));
    case 0x15:
      return hex64At(source, offset);
    default:
      throw new EvtxFormatError(`value type 0x${type.toString(16)} is not a fixed-size type`, offset);
  }
}

/** A scalar value of `type` occupying `size` bytes at offset; null when it holds nothing. */
export function scalarValue(source: ByteSource, type: number, offset: number, size: number): Scalar | null {
  switch (type) {
    case NULL_TYPE:
      return null;
    case 0x01:
      return size === 0 ? null : utf16UntilNul(source, offset, size >> 1);
    case 0x02:
      return size === 0 ? null : ansiUntilNul(source, offset, size);
    case 0x0e:
      return size === 0 ? null : binaryAt(source, offset, size);
    case 0x13:
      return size === 0 ? null : sidAt(source, offset, size).text;
  }
  const fixed = itemSize(type, size);
  if (fixed === 0) throw new EvtxFormatError(`unknown value type 0x${type.toString(16)}`, offset);
  if (size === 0) return null;
  if (size < fixed) throw new EvtxFormatError(`value of type 0x${type.toString(16)} has ${size} bytes`, offset);
  return fixedScalarAt(source, type, offset, fixed);
}

function splitStrings(text: string): string[] {
  const items = text.split("\0");
  if (items.length > 1 && items[items.length - 1] === "") items.pop();
  return items;
}

/** An array value (type 0x80 | item type): NUL-separated strings, consecutive SIDs, or fixed items. */
export function arrayValue(source: ByteSource, type: number, offset: number, size: number): ArrayValue {
  const item = type & ~ARRAY_FLAG;
  source.need(offset, size, "array value");
  if (item === 0x01) return { kind: "array", items: size < 2 ? [] : splitStrings(utf16(source, offset, size >> 1)) };
  if (item === 0x02) {
    const items: string[] = [];
    let start = offset;
    for (let i = offset; i < offset + size; i++) {
      if (source.bytes[i] !== 0) continue;
      items.push(ansiUntilNul(source, start, i - start));
      start = i + 1;
    }
    if (start < offset + size) items.push(ansiUntilNul(source, start, offset + size - start));
    return { kind: "array", items };
  }
  if (item === 0x13) {
    const items: string[] = [];
    let at = offset;
    while (at + 8 <= offset + size) {
      const sid = sidAt(source, at, offset + size - at);
      items.push(sid.text);
      at += sid.size;
    }
    return { kind: "array", items };
  }
  const width = item === 0x10 ? (size % 8 === 0 ? 8 : 4) : itemSize(item, 8);
  if (width === 0) throw new EvtxFormatError(`unknown array value type 0x${type.toString(16)}`, offset);
  const items: Scalar[] = [];
  for (let at = offset; at + width <= offset + size; at += width) items.push(fixedScalarAt(source, item, at, width));
  return { kind: "array", items };
}

export function isArrayType(type: number): boolean {
  return (type & ARRAY_FLAG) !== 0;
}
