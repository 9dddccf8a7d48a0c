/**
 * PocketSIEM's formats: each `/winlog` list and the `/sshlogin` form. The format travels with the
 * record through the retry queue, so a queued item is read as the list it came from.
 */
import type { Normaliser } from "../common/result.ts";
import { normalisePocketSiemSshLogin } from "./ssh.ts";
import { normalisePocketSiemItem } from "./winlog.ts";

const stringForm = (record: unknown): Record<string, string> =>
  typeof record === "object" && record !== null ? (record as Record<string, string>) : {};

export const POCKETSIEM_FORMATS = {
  "pocketsiem.logins": (record) => normalisePocketSiemItem("logins", record),
  "pocketsiem.processes": (record) => normalisePocketSiemItem("processes", record),
  "pocketsiem.nets": (record) => normalisePocketSiemItem("nets", record),
  "pocketsiem.files": (record) => normalisePocketSiemItem("files", record),
  "pocketsiem.events": (record) => normalisePocketSiemItem("events", record),
  "pocketsiem.sshlogin": (record, ctx) => normalisePocketSiemSshLogin(stringForm(record), ctx),
} satisfies Record<string, Normaliser>;
