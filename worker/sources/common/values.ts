/** Small readers that turn loosely typed JSON values into what the indexed columns accept. */
import type { FieldValue, NormalisedEvent } from "../../model/event.ts";
import { isIp } from "./ip.ts";

export type Outcome = NonNullable<NormalisedEvent["outcome"]>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Windows and most shippers write "-" or "" for "no value"; neither belongs in a column. */
export function text(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" || trimmed === "-" ? null : trimmed;
}

/** Own keys only: log text such as "constructor" must not find Object.prototype's members. */
export function lookup<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export function firstText(fields: Record<string, unknown>, names: readonly string[]): string | null {
  for (const name of names) {
    const value = text(fields[name]);
    if (value !== null) return value;
  }
  return null;
}

export function toInteger(value: unknown): number | null {
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : null;
  if (typeof value === "string" && /^\s*\d{1,15}\s*$/.test(value)) return Number(value);
  return null;
}

export function toPort(value: unknown): number | null {
  const port = toInteger(value);
  return port !== null && port >= 0 && port <= 65535 ? port : null;
}

/** Only addresses go into the IP columns; a hostname or "-" stays in the fields. */
export function toIp(value: unknown): string | null {
  const candidate = text(value);
  return candidate !== null && isIp(candidate) ? candidate : null;
}

export function toOutcome(value: unknown): Outcome | null {
  const candidate = text(value)?.toLowerCase();
  return candidate === "success" || candidate === "failure" || candidate === "unknown" ? candidate : null;
}

/** ECS keyword fields such as `event.category` are arrays; the column keeps the first entry. */
export function firstOf(value: FieldValue | undefined): FieldValue | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Quotes a value for an error message, cut short so a huge field cannot flood the rejection list. */
export function quote(value: unknown): string {
  const shown = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return `'${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}'`;
}
