/** The false-positive filter: list (with hit counts), add and remove exceptions. */
import { Hono } from "hono";
import { auditQuery } from "../../audit/record.ts";
import { iso } from "../../model/iso-time.ts";
import type { AlertExceptionRow } from "../../store/alerts-schema.ts";
import { deleteException, insertException, listExceptions, type NewException } from "../../store/exceptions.ts";
import { LIST_REFERENCE } from "../../store/ingest-exceptions.ts";
import { loadIpLists } from "../../store/ip-lists.ts";
import { ApiError } from "../api-error.ts";
import { auditEntry } from "../audit-entry.ts";
import { positiveIntParam, readJsonObject, stringField } from "../body.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { exceptionField, MAX_EXCEPTION_VALUE, optionalText, rejectUnknownFields } from "../exception-input.ts";
import { requireRole, requireSession } from "../middleware/auth.ts";

export function presentException(row: AlertExceptionRow) {
  return {
    id: row.id,
    field: row.field,
    value: row.value,
    rule_id: row.ruleId,
    comment: row.comment,
    created_by: row.createdBy,
    created_at: iso(row.createdAt),
    hits: row.hits,
    last_hit_at: iso(row.lastHitAt),
  };
}

/** A `@list:<name>` value must name an allow list: a deny list or a typo would silence nothing. */
async function checkListReference(c: AppContext, value: string): Promise<void> {
  if (!value.startsWith(LIST_REFERENCE)) return;
  const name = value.slice(LIST_REFERENCE.length);
  const list = (await loadIpLists(c.var.store)).find((l) => l.name === name);
  if (list === undefined) throw new ApiError(400, `'value' names IP list '${name}', which does not exist`);
  if (list.kind !== "allow")
    throw new ApiError(400, `'value' names IP list '${name}', which is a deny list, not an allow list`);
}

/** Stores the exception and answers 201, or 409 when the same one exists. */
export async function createException(c: AppContext, exception: NewException) {
  await checkListReference(c, exception.value);
  const audit = auditEntry(
    c,
    "exception.create",
    { type: "exception", id: "inserted" },
    { field: exception.field, value: exception.value, rule_id: exception.ruleId, comment: exception.comment },
  );
  const row = await insertException(c.var.store.orm, exception, Date.now(), [
    auditQuery(c.var.store, audit, { onlyIfChanged: true }),
  ]);
  if (!row) {
    const scope = exception.ruleId === null ? "every rule" : `rule ${exception.ruleId}`;
    throw new ApiError(409, `an exception for ${exception.field} = '${exception.value}' on ${scope} already exists`);
  }
  return c.json({ exception: presentException(row) }, 201);
}

export const exceptionRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get("/", async (c) => c.json({ exceptions: (await listExceptions(c.var.store.orm)).map(presentException) }))
  .post("/", requireRole("analyst"), async (c) => {
    const body = await readJsonObject(c);
    rejectUnknownFields(body, ["field", "value", "rule_id", "comment"]);
    return createException(c, {
      field: exceptionField(body),
      value: stringField(body, "value", { max: MAX_EXCEPTION_VALUE }),
      ruleId: optionalText(body, "rule_id", 128) || null,
      comment: optionalText(body, "comment", 1024) ?? "",
      createdBy: c.var.user.username,
    });
  })
  .delete("/:id", requireRole("analyst"), async (c) => {
    const id = positiveIntParam(c.req.param("id"), "id");
    const audit = auditQuery(c.var.store, auditEntry(c, "exception.delete", { type: "exception", id }), {
      onlyIfChanged: true,
    });
    if (!(await deleteException(c.var.store.orm, id, [audit]))) throw new ApiError(404, `no exception with id ${id}`);
    return c.body(null, 204);
  });
