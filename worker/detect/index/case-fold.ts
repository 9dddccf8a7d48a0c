/**
 * Case folding for the literal scans, one character at a time, so that values are searched as
 * they come and never lower-cased for the prefilter. Folding must find whatever
 * `text.toLowerCase()` holds: ASCII letters fold to lower case, and lower-casing keeps every other
 * character non-ASCII and in its place, save KELVIN SIGN (it lowers to `k`) and `İ` (it lowers to
 * `i` and U+0307, the one character whose lower case is longer; each scan says how it copes).
 * Every other non-ASCII character folds to one code, which may over-report, never miss.
 */

const KELVIN_SIGN = 0x212a;
export const CAPITAL_I_WITH_DOT = 0x130;
/** Shared by DEL and every non-ASCII character: a literal never tells them apart. */
const NON_ASCII_CODE = 0x7f;

const ASCII = Uint8Array.from({ length: 128 }, (_, code) => (code >= 0x41 && code <= 0x5a ? code + 0x20 : code));

/** The folded form of a UTF-16 code unit, below 128. */
export function foldedCode(code: number): number {
  if (code < 128) return ASCII[code] as number;
  if (code === KELVIN_SIGN) return 0x6b;
  return code === CAPITAL_I_WITH_DOT ? 0x69 : NON_ASCII_CODE;
}
