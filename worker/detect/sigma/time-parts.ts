/** Sigma's time modifiers: one calendar part (UTC) of a date value, compared as a number. */
import type { NumberExtractor } from "./leaves.ts";

export type TimePart = "minute" | "hour" | "day" | "week" | "month" | "year";
export const TIME_PARTS: ReadonlySet<string> = new Set<TimePart>(["minute", "hour", "day", "week", "month", "year"]);

export function timePartExtractor(part: TimePart): NumberExtractor {
  return (value) => {
    const ms = /^[0-9]+$/.test(value) ? Number(value) : Date.parse(value);
    if (Number.isNaN(ms)) return null;
    const date = new Date(ms);
    switch (part) {
      case "minute":
        return date.getUTCMinutes();
      case "hour":
        return date.getUTCHours();
      case "day":
        return date.getUTCDate();
      case "week":
        return isoWeek(date);
      case "month":
        return date.getUTCMonth() + 1;
      case "year":
        return date.getUTCFullYear();
    }
  };
}

function isoWeek(date: Date): number {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
}
