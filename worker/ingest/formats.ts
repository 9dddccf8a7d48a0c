/**
 * How a record is read. Almost every record is detected by its shape ("auto"); PocketSIEM's and
 * Falco's endpoints name their format instead, because their items carry no tell-tale shape. The
 * format travels with the record through the retry queue, so a queued record is read the same way.
 */
import {
  type NormaliseContext,
  type NormaliseResult,
  normaliseFalcoAlert,
  normalisePocketSiemItem,
  normalisePocketSiemSshLogin,
  normaliseRecord,
} from "./normalise.ts";

type Normaliser = (record: unknown, ctx: NormaliseContext) => NormaliseResult;

const stringForm = (record: unknown): Record<string, string> =>
  typeof record === "object" && record !== null ? (record as Record<string, string>) : {};

export const FORMATS = {
  auto: normaliseRecord,
  "pocketsiem.logins": (record) => normalisePocketSiemItem("logins", record),
  "pocketsiem.processes": (record) => normalisePocketSiemItem("processes", record),
  "pocketsiem.nets": (record) => normalisePocketSiemItem("nets", record),
  "pocketsiem.files": (record) => normalisePocketSiemItem("files", record),
  "pocketsiem.events": (record) => normalisePocketSiemItem("events", record),
  "pocketsiem.sshlogin": (record, ctx) => normalisePocketSiemSshLogin(stringForm(record), ctx),
  falco: normaliseFalcoAlert,
} satisfies Record<string, Normaliser>;

export type FormatName = keyof typeof FORMATS;

export function isFormatName(value: unknown): value is FormatName {
  return typeof value === "string" && Object.hasOwn(FORMATS, value);
}
