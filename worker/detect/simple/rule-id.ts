/**
 * Simple rules have no id of their own: it is derived from the pattern, so the same pattern keeps the
 * same id across reloads and alerts stay attached to it. FNV-1a (64-bit) is synchronous and stable;
 * the pattern is lower-cased first because matching ignores case, so `Potato` and `potato` are one rule.
 */
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

const encoder = new TextEncoder();

export function fnv1a64Hex(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of encoder.encode(text)) {
    hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK_64;
  }
  return hash.toString(16).padStart(16, "0");
}

export function normalisePattern(pattern: string): string {
  return pattern.trim().toLowerCase();
}

export function simpleRuleId(pattern: string): string {
  return `simple-${fnv1a64Hex(normalisePattern(pattern))}`;
}
