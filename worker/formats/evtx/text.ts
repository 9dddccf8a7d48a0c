/**
 * The string encodings of EVTX: UTF-16LE (names, text, string values) and the "ANSI" code page of
 * AnsiString values, read as Windows-1252 (what Western Windows installs write). Short strings are
 * decoded by hand: most names and values are a few characters, where a TextDecoder call costs more
 * than the decoding; anything with a surrogate goes to the TextDecoder, which replaces lone halves.
 */
import type { ByteSource } from "./bytes.ts";

const UTF16 = new TextDecoder("utf-16le");
const UTF8 = new TextDecoder();
const SHORT = 32;

/** Windows-1252's characters for the bytes 0x80-0x9F (the rest of the code page is Latin-1). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** `units` UTF-16 code units at offset, in full (NULs included). */
export function utf16(source: ByteSource, offset: number, units: number): string {
  source.need(offset, units * 2, "UTF-16 string");
  const bytes = source.bytes;
  if (units <= SHORT) {
    let text = "";
    for (let i = offset, end = offset + units * 2; i < end; i += 2) {
      const unit = (bytes[i] as number) | ((bytes[i + 1] as number) << 8);
      if (unit >= 0xd800 && unit <= 0xdfff) return UTF16.decode(bytes.subarray(offset, offset + units * 2));
      text += String.fromCharCode(unit);
    }
    return text;
  }
  return UTF16.decode(bytes.subarray(offset, offset + units * 2));
}

/** The UTF-16 code units at offset up to the first NUL or `units`, whichever comes first. */
export function utf16UntilNul(source: ByteSource, offset: number, units: number): string {
  source.need(offset, units * 2, "UTF-16 string");
  const bytes = source.bytes;
  let length = 0;
  while (
    length < units &&
    ((bytes[offset + length * 2] as number) | (bytes[offset + length * 2 + 1] as number)) !== 0
  ) {
    length++;
  }
  return utf16(source, offset, length);
}

/** Windows-1252 bytes at offset up to the first NUL or `size` bytes (ASCII, the usual case, as UTF-8). */
export function ansiUntilNul(source: ByteSource, offset: number, size: number): string {
  source.need(offset, size, "ANSI string");
  const bytes = source.bytes;
  let end = offset;
  let ascii = true;
  for (; end < offset + size; end++) {
    const byte = bytes[end] as number;
    if (byte === 0) break;
    if (byte >= 0x80) ascii = false;
  }
  if (ascii) return UTF8.decode(bytes.subarray(offset, end));
  let text = "";
  for (let i = offset; i < end; i++) {
    const byte = bytes[i] as number;
    text += String.fromCharCode(byte >= 0x80 && byte < 0xa0 ? (CP1252_HIGH[byte - 0x80] as number) : byte);
  }
  return text;
}
