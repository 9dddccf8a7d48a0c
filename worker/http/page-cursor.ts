/**
 * The `cursor` of a newest-first list (events, alerts, submissions): the time and id of the last
 * row of a page, as opaque URL-safe text, so a client passes `next_cursor` back unchanged, even
 * unescaped in a query string.
 */
import { ApiError } from "./api-error.ts";

export interface PageCursor<Id extends number | string = number> {
  ts: number;
  id: Id;
}

export function encodeCursor(cursor: PageCursor<number | string>): string {
  const base64 = btoa(encodeURIComponent(JSON.stringify([cursor.ts, cursor.id])));
  return base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const VALID_ID = {
  number: (id: unknown) => Number.isSafeInteger(id) && (id as number) >= 0,
  string: (id: unknown) => typeof id === "string",
};

export function decodeCursor(text: string): PageCursor<number>;
export function decodeCursor(text: string, idType: "string"): PageCursor<string>;
export function decodeCursor(text: string, idType: "number" | "string" = "number"): PageCursor<number | string> {
  try {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const [ts, id] = JSON.parse(decodeURIComponent(atob(base64))) as unknown[];
    if (Number.isSafeInteger(ts) && VALID_ID[idType](id)) return { ts: ts as number, id: id as number | string };
  } catch {
    // Reported below with the same message as a well-formed but wrong cursor.
  }
  throw new ApiError(400, "cursor is not valid");
}
