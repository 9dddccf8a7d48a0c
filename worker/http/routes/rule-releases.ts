/**
 * Updating the SigmaHQ rules from a newer release (admins): POST /preview answers what the update
 * changes, POST / applies it (the release's bundle form in R2, the row naming it, the rule rows it
 * writes and the rule-set bump in one D1 batch), DELETE /current goes back to the bundled release.
 * The release comes as the body (application/zip, `?name=` to name it) or as JSON {url, name?}: a
 * zip the Worker fetches, https only, within the same size.
 */
import { Hono } from "hono";
import { auditStatement } from "../../audit/record.ts";
import type { ReleaseApplied } from "../../model/wire/rules.ts";
import { activeRules } from "../../rules/active-rule-set.ts";
import { putRelease } from "../../rules/release-objects.ts";
import { planReleaseUpdate, planRevert, type ReleaseUpdate } from "../../rules/release-update.ts";
import { MAX_RELEASE_ZIP_BYTES, ReleaseZipError, readReleaseZip } from "../../rules/release-zip.ts";
import { numberWrites } from "../../rules/rule-changes.ts";
import { applyRuleRelease, type RuleReleaseWrite } from "../../store/rule-writes.ts";
import { latestVersions } from "../../store/rules.ts";
import { ApiError } from "../api-error.ts";
import { auditEntry } from "../audit-entry.ts";
import { readJsonObject, stringField } from "../body.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { requireRole, requireSession } from "../middleware/auth.ts";

const FETCH_TIMEOUT_MS = 30_000;
const NAME = /^[A-Za-z0-9._:+-]{1,100}$/;
const tooLarge = () => new ApiError(413, `a release zip may have at most ${MAX_RELEASE_ZIP_BYTES} bytes`);

/** A body read up to `max` bytes, refused past it without reading the rest. */
async function readCapped(stream: ReadableStream<Uint8Array> | null, declared: string | null | undefined) {
  if (Number(declared) > MAX_RELEASE_ZIP_BYTES) throw tooLarge();
  if (stream === null) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RELEASE_ZIP_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function nameOf(value: unknown): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string" || !NAME.test(value)) {
    throw new ApiError(400, "'name' must be 1 to 100 letters, digits and . _ : + -");
  }
  return value;
}

async function fetchZip(url: string): Promise<Uint8Array> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ApiError(400, "'url' is not a URL");
  }
  if (parsed.protocol !== "https:") throw new ApiError(400, "'url' must be an https URL");
  let response: Response;
  try {
    response = await fetch(parsed, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (error) {
    throw new ApiError(502, `fetching ${parsed.href} failed: ${(error as Error).message}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ApiError(502, `fetching ${parsed.href} answered ${response.status} ${response.statusText}`.trim());
  }
  return readCapped(response.body, response.headers.get("content-length"));
}

/** The zip the request gives, and the name it asks for. */
async function releaseBody(c: AppContext): Promise<{ zip: Uint8Array; name: string | null }> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (type.includes("application/json")) {
    const body = await readJsonObject(c);
    const url = stringField(body, "url", { max: 2048 });
    return { zip: await fetchZip(url), name: nameOf(body.name) };
  }
  if (type.includes("application/zip") || type.includes("application/octet-stream")) {
    return { zip: await readCapped(c.req.raw.body, c.req.header("content-length")), name: nameOf(c.req.query("name")) };
  }
  throw new ApiError(415, "send the release as application/zip, or as application/json {url}");
}

async function plannedUpdate(c: AppContext): Promise<ReleaseUpdate> {
  const { zip, name } = await releaseBody(c);
  let content: ReturnType<typeof readReleaseZip>;
  try {
    content = readReleaseZip(zip);
  } catch (error) {
    if (error instanceof ReleaseZipError) throw new ApiError(error.status, error.message);
    throw error;
  }
  return planReleaseUpdate(await activeRules(c.var.store, c.env.ARCHIVE), content, name);
}

/** Writes the update's rows and names its release (null: the bundled one), audited as `action`. */
async function apply(
  c: AppContext,
  update: ReleaseUpdate,
  release: RuleReleaseWrite | null,
  action: "rule_release.apply" | "rule_release.revert",
): Promise<ReleaseApplied> {
  const planned = update.change.writes;
  const writes = numberWrites(
    planned,
    await latestVersions(
      c.var.store,
      planned.map((write) => write.id),
    ),
  );
  const { counts } = update.preview;
  const audit = auditEntry(
    c,
    action,
    { type: "rule_release", id: update.next.digest ?? update.next.name },
    { name: update.next.name, from: update.preview.current.name, ...counts, rows_written: writes.length },
  );
  try {
    await applyRuleRelease(c.var.store, release, writes, c.var.user.id, Date.now(), [
      auditStatement(c.var.store, audit),
    ]);
  } catch (error) {
    if (/UNIQUE constraint failed/i.test((error as Error).message)) {
      throw new ApiError(409, "a rule was changed at the same time by someone else; preview the update again");
    }
    throw error;
  }
  return { preview: update.preview, rows_written: writes.length };
}

const adminOnly = requireRole("admin");

export const ruleReleaseRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .use(adminOnly)
  .post("/preview", async (c) => c.json((await plannedUpdate(c)).preview))
  .post("/", async (c) => {
    const update = await plannedUpdate(c);
    const expected = c.req.query("digest");
    if (expected !== undefined && expected !== update.next.digest) {
      throw new ApiError(409, `the zip's release is ${update.next.digest}, not the ${expected} previewed`);
    }
    if (update.sources === null || update.next.digest === null) throw new ApiError(500, "a zip gave no release");
    const r2Key = await putRelease(c.env.ARCHIVE, {
      name: update.next.name,
      digest: update.next.digest,
      sources: update.sources,
    });
    const release = {
      digest: update.next.digest,
      name: update.next.name,
      r2Key,
      files: update.next.files,
      failed: update.failedFiles,
    };
    return c.json(await apply(c, update, release, "rule_release.apply"));
  })
  .delete("/current", async (c) => {
    const active = await activeRules(c.var.store, c.env.ARCHIVE);
    if (active.release === null) throw new ApiError(409, "the bundled release is already in use");
    return c.json(await apply(c, planRevert(active), null, "rule_release.revert"));
  });
