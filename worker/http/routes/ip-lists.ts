/**
 * IP lists: list, create, change (kind, description, entries), import a text or CSV file, delete.
 * Viewers read; analysts and admins write. Each write bumps the rule-set version.
 */
import { Hono } from "hono";
import { auditStatement } from "../../audit/record.ts";
import { EntryError, type ImportFormat, parseImport, validateEntries } from "../../ip-lists/parse-entries.ts";
import { iso } from "../../model/iso-time.ts";
import type { StoreHandle } from "../../store/handle.ts";
import {
  deleteIpList,
  findIpList,
  type IpList,
  type IpListChanges,
  type IpListKind,
  insertIpList,
  loadIpLists,
  updateIpList,
} from "../../store/ip-lists.ts";
import { ApiError } from "../api-error.ts";
import { auditEntry } from "../audit-entry.ts";
import { positiveIntParam, readJsonObject, stringField } from "../body.ts";
import type { AppEnv } from "../context.ts";
import { optionalText, rejectUnknownFields } from "../exception-input.ts";
import { requireRole, requireSession } from "../middleware/auth.ts";

/** A Sigma placeholder name, so the list can be written `%name%` in a rule. */
const LIST_NAME = /^[A-Za-z0-9_]{1,64}$/;
const MAX_IMPORT_BYTES = 1024 * 1024;

function presentIpList(list: IpList) {
  return {
    id: list.id,
    name: list.name,
    kind: list.kind,
    description: list.description,
    entries: list.entries,
    entry_count: list.entries.length,
    created_at: iso(list.createdAt),
    updated_at: iso(list.updatedAt),
    updated_by: list.updatedBy,
  };
}

function kindField(body: Record<string, unknown>): IpListKind | undefined {
  const kind = body.kind;
  if (kind === undefined) return undefined;
  if (kind !== "allow" && kind !== "deny") throw new ApiError(400, "'kind' must be 'allow' or 'deny'");
  return kind;
}

function entriesField(body: Record<string, unknown>): string[] | undefined {
  const entries = body.entries;
  if (entries === undefined) return undefined;
  if (!Array.isArray(entries)) throw new ApiError(400, "'entries' must be a list of IP addresses or CIDR networks");
  return withEntryErrors(() => validateEntries(entries));
}

function withEntryErrors<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof EntryError) throw new ApiError(400, error.message);
    throw error;
  }
}

function importFormat(value: unknown): ImportFormat {
  if (value === undefined || value === "text") return "text";
  if (value === "csv") return "csv";
  throw new ApiError(400, "'format' must be 'text' (default) or 'csv'");
}

async function existing(store: StoreHandle, id: number): Promise<IpList> {
  const list = await findIpList(store, id);
  if (list === null) throw new ApiError(404, `no IP list with id ${id}`);
  return list;
}

export const ipListRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get("/", async (c) => c.json({ lists: (await loadIpLists(c.var.store)).map(presentIpList) }))
  .get("/:id", async (c) =>
    c.json({ list: presentIpList(await existing(c.var.store, positiveIntParam(c.req.param("id"), "id"))) }),
  )
  .post("/", requireRole("analyst"), async (c) => {
    const body = await readJsonObject(c, MAX_IMPORT_BYTES);
    rejectUnknownFields(body, ["name", "kind", "description", "entries"]);
    const name = stringField(body, "name", {
      max: 64,
      pattern: LIST_NAME,
      patternHint: "must be letters, digits and '_' (it is the rule placeholder %name%)",
    });
    const kind = kindField(body);
    if (kind === undefined) throw new ApiError(400, "'kind' is required: 'allow' or 'deny'");
    const description = optionalText(body, "description", 1024) ?? "";
    const entries = entriesField(body) ?? [];
    const audit = auditEntry(
      c,
      "ip_list.create",
      { type: "ip_list", id: "inserted" },
      { name, kind, description, entry_count: entries.length },
    );
    const list = await insertIpList(
      c.var.store,
      { name, kind, description, entries },
      c.var.user.username,
      Date.now(),
      [auditStatement(c.var.store, audit, { onlyIfChanged: true })],
    );
    if (list === null) throw new ApiError(409, `an IP list named '${name}' already exists`);
    return c.json({ list: presentIpList(list) }, 201);
  })
  .patch("/:id", requireRole("analyst"), async (c) => {
    const id = positiveIntParam(c.req.param("id"), "id");
    const body = await readJsonObject(c, MAX_IMPORT_BYTES);
    rejectUnknownFields(body, ["kind", "description", "entries"]);
    const changes: IpListChanges = {
      kind: kindField(body),
      description: optionalText(body, "description", 1024) ?? undefined,
      entries: entriesField(body),
    };
    const audit = auditEntry(
      c,
      "ip_list.update",
      { type: "ip_list", id },
      {
        kind: changes.kind,
        description: changes.description,
        entry_count: changes.entries?.length,
      },
    );
    const list = await updateIpList(c.var.store, id, changes, c.var.user.username, Date.now(), [
      auditStatement(c.var.store, audit, { onlyIfChanged: true }),
    ]);
    if (list === null) throw new ApiError(404, `no IP list with id ${id}`);
    return c.json({ list: presentIpList(list) });
  })
  .post("/:id/import", requireRole("analyst"), async (c) => {
    const id = positiveIntParam(c.req.param("id"), "id");
    const body = await readJsonObject(c, MAX_IMPORT_BYTES + 1024);
    rejectUnknownFields(body, ["content", "format", "mode"]);
    const content = stringField(body, "content", { min: 0, max: MAX_IMPORT_BYTES });
    const mode = body.mode ?? "replace";
    if (mode !== "replace" && mode !== "append")
      throw new ApiError(400, "'mode' must be 'replace' (default) or 'append'");
    const imported = withEntryErrors(() => parseImport(content, importFormat(body.format)));
    const current = await existing(c.var.store, id);
    const entries = withEntryErrors(() =>
      validateEntries(mode === "append" ? [...current.entries, ...imported] : imported),
    );
    const audit = auditEntry(
      c,
      "ip_list.import",
      { type: "ip_list", id },
      {
        name: current.name,
        mode,
        imported: imported.length,
        entry_count: entries.length,
      },
    );
    const list = await updateIpList(c.var.store, id, { entries }, c.var.user.username, Date.now(), [
      auditStatement(c.var.store, audit, { onlyIfChanged: true }),
    ]);
    if (list === null) throw new ApiError(404, `no IP list with id ${id}`);
    return c.json({ list: presentIpList(list), imported: imported.length });
  })
  .delete("/:id", requireRole("analyst"), async (c) => {
    const id = positiveIntParam(c.req.param("id"), "id");
    const audit = auditStatement(c.var.store, auditEntry(c, "ip_list.delete", { type: "ip_list", id }), {
      onlyIfChanged: true,
    });
    if (!(await deleteIpList(c.var.store, id, Date.now(), [audit])))
      throw new ApiError(404, `no IP list with id ${id}`);
    return c.body(null, 204);
  });
