/**
 * A log file's bytes as text: UTF-8 unless a byte-order mark or the zero bytes of ASCII text in
 * UTF-16 say otherwise (Windows tools, and some OTRF datasets, write UTF-16LE). Invalid bytes
 * become U+FFFD rather than failing the file: one bad byte must not lose the lines around it.
 */
export function decodeLogText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder().decode(bytes.subarray(3));
  if (bytes.length >= 4 && bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0) {
    return new TextDecoder("utf-16le").decode(bytes);
  }
  return new TextDecoder().decode(bytes);
}

/** The lines of a text, without their line ends; a last line without one still counts. */
export function* textLines(text: string): Generator<{ line: string; number: number }> {
  let start = 0;
  let number = 1;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    yield { line, number };
    start = end + 1;
    number += 1;
  }
}
