/** The byte encodings behind `base64`, `base64offset`, `utf16le`/`utf16be`/`utf16`/`wide`. */

const encoder = new TextEncoder();

export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

export function utf16Bytes(text: string, order: "le" | "be", withBom: boolean): Uint8Array {
  const offset = withBom ? 2 : 0;
  const bytes = new Uint8Array(offset + text.length * 2);
  if (withBom) {
    bytes[0] = order === "le" ? 0xff : 0xfe;
    bytes[1] = order === "le" ? 0xfe : 0xff;
  }
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const [first, second] = order === "le" ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff];
    bytes[offset + i * 2] = first;
    bytes[offset + i * 2 + 1] = second;
  }
  return bytes;
}

/** Bytes as text with one character per byte (how an encoded value is compared when not base64-encoded). */
export function bytesAsText(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

export function base64(bytes: Uint8Array): string {
  return btoa(bytesAsText(bytes));
}

/**
 * The three base64 texts a value has when it sits at offset 0, 1 or 2 of a longer encoded text,
 * without the characters that depend on its neighbours (pySigma's `base64offset`).
 */
export function base64Offsets(bytes: Uint8Array): string[] {
  const starts = [0, 2, 3];
  const ends = [undefined, -3, -2];
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const padded = new Uint8Array(shift + bytes.length);
    padded.fill(0x20, 0, shift);
    padded.set(bytes, shift);
    const end = ends[(bytes.length + shift) % 3];
    out.push(base64(padded).slice(starts[shift], end));
  }
  return out;
}
