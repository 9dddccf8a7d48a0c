/**
 * The rules API: bundled and stored rules, their versions, compile errors, trying a rule against
 * stored events, and bulk import. Reads for every signed-in user; changes for analysts and admins.
 */
import { Hono } from "hono";
import { dedupWindowMs } from "../../alerts/settings.ts";
import { type AuditAction, auditStatement } from "../../audit/record.ts";
import { signStateToken, verifyStateToken } from "../../auth/tokens.ts";
import { type CompileError, RULE_LEVELS, type RuleKind, type RuleLevel } from "../../detect/types.ts";
import { iso } from "../../model/iso-time.ts";
import type { BacktestAnswer, BacktestRuleResult, RuleEntry } from "../../model/wire/rules.ts";
import { type ActiveRules, activeRules } from "../../rules/active-rule-set.ts";
import { isBundledUnitOn, storedRuleOrigin } from "../../rules/active-sources.ts";
import { type BacktestState, backtestPage, startBacktest } from "../../rules/backtest.ts";
import { type BacktestText, backtestSelection, type TriedRule } from "../../rules/backtest-selection.ts";
import { bundledRuleEntries, ruleCatalogue, storedRuleEntries } from "../../rules/catalogue.ts";
import { checkRuleText, compileText } from "../../rules/check-rule.ts";
import { PACKS } from "../../rules/packs.ts";
import {
  contextWithout,
  findFile,
  findRule,
  type ImportFile,
  MAX_RULE_BYTES,
  numberWrites,
  type PlannedWrite,
  planImport,
  type RefusedFile,
  ruleTextProblem,
  submittedSource,
} from "../../rules/rule-changes.ts";
import { DEFAULT_NOISE_SAMPLE, MAX_NOISE_SAMPLE, ruleNoise } from "../../rules/rule-noise.ts";
import { DEFAULT_TEST_EVENTS, MAX_TEST_EVENTS, testRuleSet } from "../../rules/test-rule.ts";
import { backtestEventsAfter, startBacktestRange } from "../../store/backtest-events.ts";
import { eventShards } from "../../store/event-shards.ts";
import { openStore } from "../../store/handle.ts";
import { loadExceptions } from "../../store/ingest-exceptions.ts";
import { type RuleAlertCount, ruleAlertCounts } from "../../store/rule-alert-counts.ts";
import { ruleAlertVolumes } from "../../store/rule-noise.ts";
import { applyRuleWrites } from "../../store/rule-writes.ts";
import { latestVersions, listRuleVersions } from "../../store/rules.ts";
import { ApiError } from "../api-error.ts";
import { auditEntry } from "../audit-entry.ts";
import { positiveIntParam, readJsonObject, stringField } from "../body.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { rejectUnknownFields } from "../exception-input.ts";
import { requireRole, requireSession } from "../middleware/auth.ts";
import { timeParam } from "../query-params.ts";

/** One rule at its largest, escaped as JSON (a backslash or quote doubles), fits. */
const RULE_BODY_BYTES = 2 * MAX_RULE_BYTES + 64 * 1024;
const IMPORT_BODY_BYTES = 4 * 1024 * 1024;
const MAX_IMPORT_FILES = 500;
const KINDS: readonly RuleKind[] = ["sigma", "simple"];
const RULE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const canWrite = requireRole("analyst");

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_BACKTEST_DAYS = 30;
const DEFAULT_BACKTEST_DAYS = 7;
/** A pack's worth of rules; each costs the state a few hundred bytes at most. */
const MAX_BACKTEST_RULES = 200;
const MAX_BACKTEST_TEXTS = 5;
const DEFAULT_BACKTEST_PAGE = 500;
const MAX_BACKTEST_PAGE = 2000;
/** The texts tried, and the state the client hands back (bounded: see rules/backtest.ts). */
const BACKTEST_BODY_BYTES = RULE_BODY_BYTES + 4 * 1024 * 1024;
const BACKTEST_STATE = "backtest.v1";
/** A page's state is good for this long: a run left alone that long starts again. */
const BACKTEST_STATE_TTL_MS = 60 * 60 * 1000;
const NOISE_WINDOWS = [1, 7, 30];
const MAX_NOISY_RULES = 100;

function kindField(body: Record<string, unknown>): RuleKind {
  if (body.kind === undefined) return "sigma";
  if (!KINDS.includes(body.kind as RuleKind)) throw new ApiError(400, `'kind' must be one of ${KINDS.join(", ")}`);
  return body.kind as RuleKind;
}

function textField(body: Record<string, unknown>): string {
  const text = stringField(body, "text", { max: MAX_RULE_BYTES });
  const problem = ruleTextProblem(text);
  if (problem !== null) throw new ApiError(400, `'text': ${problem}`);
  return text;
}

function ruleIdParam(c: AppContext): string {
  const id = c.req.param("id") ?? "";
  if (!RULE_ID.test(id)) throw new ApiError(400, "'id' must be 1 to 128 letters, digits and . _ : -");
  return id;
}

function compileFailure(c: AppContext, errors: CompileError[]) {
  const first = errors[0];
  const where = first?.line === null || first?.line === undefined ? "" : ` (line ${first.line})`;
  return c.json({ error: `the rule does not compile${where}: ${first?.reason ?? "unknown reason"}`, errors }, 400);
}

/**
 * Numbers and applies the writes with their audit entry; a concurrent change to the same rule makes
 * this one fail. One write is audited as a change of that rule, several (an import) as one entry.
 */
async function write(
  c: AppContext,
  planned: PlannedWrite[],
  action: AuditAction,
  detail: Record<string, unknown> = {},
) {
  const latest = await latestVersions(
    c.var.store,
    planned.map((w) => w.id),
  );
  const writes = numberWrites(planned, latest);
  const single = writes.length === 1 && action !== "rule.import" ? writes[0] : undefined;
  const audit = single
    ? auditEntry(c, action, { type: "rule", id: single.id }, { kind: single.kind, version: single.version, ...detail })
    : auditEntry(c, action, null, detail);
  try {
    await applyRuleWrites(c.var.store, writes, c.var.user.id, Date.now(), [auditStatement(c.var.store, audit)]);
  } catch (error) {
    if (/UNIQUE constraint failed/i.test((error as Error).message)) {
      throw new ApiError(409, "the rule was changed at the same time by someone else; read it again and retry");
    }
    throw error;
  }
}

/** The entry of the rule `id` names: a file's first rule, or a later rule of its file. */
function entryIn(active: ActiveRules, id: string): RuleEntry {
  const { row, bundled, fileId } = findRule(active, id);
  const entries = row ? storedRuleEntries(active, row) : bundled ? bundledRuleEntries(active, bundled) : [];
  const entry = entries.find((candidate) => candidate.id === id) ?? (fileId === id ? entries[0] : undefined);
  if (entry === undefined) throw new ApiError(404, `no rule with id ${id}`);
  return entry;
}

/** The entry with its alert counts, as the list and the rule's page show them. */
function withAlerts(entry: RuleEntry, counts: ReadonlyMap<string, RuleAlertCount>) {
  const found = entry.id === null ? undefined : counts.get(entry.id);
  const alerts = found
    ? { total: found.total, open: found.open, last_seen: iso(found.lastSeen) }
    : { total: 0, open: 0, last_seen: null };
  return { ...entry, alerts };
}

function oneOf<T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new ApiError(400, `'${name}' must be one of ${allowed.join(", ")}`);
  return value as T;
}

function entryFilter(c: AppContext): (entry: RuleEntry) => boolean {
  const kind = oneOf(c.req.query("kind"), "kind", KINDS);
  const origin = oneOf(c.req.query("origin"), "origin", ["bundled", "api", "import"] as const);
  const enabled = oneOf(c.req.query("enabled"), "enabled", ["true", "false"] as const);
  const level = oneOf<RuleLevel>(c.req.query("level"), "level", RULE_LEVELS);
  const status = oneOf(c.req.query("status"), "status", ["compiled", "failed"] as const);
  const pack = oneOf<string>(c.req.query("pack"), "pack", PACKS);
  const q = c.req.query("q")?.toLowerCase();
  return (entry) =>
    (kind === undefined || entry.kind === kind) &&
    (origin === undefined || entry.origin === origin) &&
    (enabled === undefined || String(entry.enabled) === enabled) &&
    (level === undefined || entry.level === level) &&
    (status === undefined || entry.status === status) &&
    (pack === undefined || entry.pack === pack) &&
    (q === undefined ||
      [entry.id, entry.title, entry.path, ...entry.tags].some((text) => text?.toLowerCase().includes(q)));
}

function integerField(body: Record<string, unknown>, name: string, fallback: number, max: number): number {
  const value = body[name] ?? fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw new ApiError(400, `'${name}' must be an integer from 1 to ${max}`);
  }
  return value;
}

function backtestIds(body: Record<string, unknown>): string[] {
  const ids = body.rules ?? [];
  if (!Array.isArray(ids) || ids.length > MAX_BACKTEST_RULES) {
    throw new ApiError(400, `'rules' must be a list of at most ${MAX_BACKTEST_RULES} rule ids`);
  }
  return ids.map((id, index) => {
    if (typeof id !== "string" || !RULE_ID.test(id)) {
      throw new ApiError(400, `rules[${index}] must be a rule id: 1 to 128 letters, digits and . _ : -`);
    }
    return id;
  });
}

function backtestTexts(body: Record<string, unknown>): BacktestText[] {
  const texts = body.texts ?? [];
  if (!Array.isArray(texts) || texts.length > MAX_BACKTEST_TEXTS) {
    throw new ApiError(400, `'texts' must be a list of at most ${MAX_BACKTEST_TEXTS} {kind, text}`);
  }
  return texts.map((item, index) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      throw new ApiError(400, `texts[${index}] must be an object {kind, text}`);
    }
    try {
      return { kind: kindField(item as Record<string, unknown>), text: textField(item as Record<string, unknown>) };
    } catch (error) {
      throw new ApiError(400, `texts[${index}]: ${(error as Error).message}`);
    }
  });
}

/** The state a page hands back, as this server signed it; or why it is not one. */
async function backtestState(c: AppContext, token: unknown, fingerprint: string): Promise<BacktestState> {
  if (typeof token !== "string" || token.length > BACKTEST_BODY_BYTES)
    throw new ApiError(400, "'state' must be a string");
  const verified = await verifyStateToken(c.env.JWT_SECRET, BACKTEST_STATE, token);
  if (!verified.ok) {
    const why = verified.reason === "expired" ? "has expired" : "is not a backtest state this server issued";
    throw new ApiError(400, `'state' ${why}; start the backtest again without it`);
  }
  const state = verified.state as BacktestState;
  if (state.fingerprint !== fingerprint) {
    throw new ApiError(409, "the rules tried are not those the run began with (changed since?); start it again");
  }
  return state;
}

/** A pack's run tries thousands of rules: its pages list only those that matched something. */
function backtestAnswer(
  state: BacktestState,
  tried: readonly TriedRule[],
  token: string | null,
  onlyMatched: boolean,
): BacktestAnswer {
  return {
    from: iso(state.range.from),
    to: iso(state.range.to),
    scanned: state.scanned,
    total: Math.max(state.total, state.scanned),
    unreadable: state.unreadable,
    done: state.done,
    approximate: state.approximate,
    rules_tried: tried.length,
    rules: tried.flatMap(({ info, requested, correlation }) => {
      if (onlyMatched && state.rules[info.id] === undefined) return [];
      const tally = state.rules[info.id] ?? { alerts: 0, events: 0, suppressed: 0, samples: [] };
      const result: BacktestRuleResult = {
        id: info.id,
        title: info.title,
        level: info.level,
        kind: correlation ? "correlation" : info.kind,
        requested,
        alerts: tally.alerts,
        events: tally.events,
        suppressed: tally.suppressed,
        samples: tally.samples.map((sample) => ({
          event_id: sample.eventId,
          ts: iso(sample.ts),
          host: sample.host,
          summary: sample.summary,
        })),
      };
      return [result];
    }),
    state: token,
  };
}

function windowParams(c: AppContext): { from: number; to: number; days: number } {
  const days = Number(c.req.query("days") ?? 7);
  if (!NOISE_WINDOWS.includes(days)) throw new ApiError(400, `'days' must be one of ${NOISE_WINDOWS.join(", ")}`);
  const to = timeParam(c.req.query("to"), "to", Date.now());
  return { from: to - days * DAY_MS, to, days };
}

/**
 * One file of an import. A malformed entry fails the request; a file whose text cannot be stored
 * (empty, too large) is refused on its own, so the rest of the import goes on.
 */
function importFile(item: unknown, index: number): ImportFile | RefusedFile {
  if (item === null || typeof item !== "object" || Array.isArray(item)) {
    throw new ApiError(400, `rules[${index}] must be an object {path, text}`);
  }
  const file = item as Record<string, unknown>;
  try {
    const path = stringField(file, "path", { max: 1024 });
    const kind = file.kind === undefined ? (/\.txt$/i.test(path) ? "simple" : "sigma") : kindField(file);
    if (typeof file.text !== "string") throw new ApiError(400, "'text' is required and must be a string");
    const problem = ruleTextProblem(file.text);
    return problem === null ? { path, kind, text: file.text } : { path, reason: problem };
  } catch (error) {
    throw new ApiError(400, `rules[${index}]: ${(error as Error).message}`);
  }
}

async function setEnabled(c: AppContext, enabled: boolean) {
  const id = ruleIdParam(c);
  const active = await activeRules(c.var.store, c.env.ARCHIVE);
  const { row, bundled, fileId } = findRule(active, id);
  const current =
    row ??
    (bundled && {
      kind: bundled.kind,
      text: bundled.text,
      enabled: isBundledUnitOn(bundled, undefined, active.packs),
      origin: "api" as const,
    });
  if (!current) throw new ApiError(404, `no rule with id ${id}`);
  if (current.enabled !== enabled) {
    const change = enabled ? "enable" : "disable";
    await write(
      c,
      [{ id: fileId, kind: current.kind, text: current.text, enabled, origin: current.origin, change }],
      `rule.${change}`,
    );
  }
  return c.json({
    rule: entryIn(await activeRules(c.var.store, c.env.ARCHIVE), id),
    changed: current.enabled !== enabled,
  });
}

export const ruleRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get("/", async (c) => {
    const keep = entryFilter(c);
    const [active, counts] = await Promise.all([activeRules(c.var.store, c.env.ARCHIVE), ruleAlertCounts(c.var.store)]);
    const rules = ruleCatalogue(active)
      .filter(keep)
      .map((entry) => withAlerts(entry, counts));
    return c.json({ version: active.stamp.version, count: rules.length, rules });
  })
  .get("/errors", async (c) => {
    const active = await activeRules(c.var.store, c.env.ARCHIVE);
    return c.json({ version: active.stamp.version, errors: active.ruleSet.errors });
  })
  .post("/test", canWrite, async (c) => {
    const body = await readJsonObject(c, RULE_BODY_BYTES);
    const kind = kindField(body);
    const text = textField(body);
    const limit = body.limit ?? DEFAULT_TEST_EVENTS;
    if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > MAX_TEST_EVENTS) {
      throw new ApiError(400, `'limit' must be an integer from 1 to ${MAX_TEST_EVENTS}`);
    }
    const active = await activeRules(c.var.store, c.env.ARCHIVE);
    const source = { origin: "test", kind, text };
    const compiled = compileText(source, contextWithout(active, new Set()));
    if (compiled.errors.length > 0) return compileFailure(c, compiled.errors);
    if (compiled.ruleIds.length === 0) throw new ApiError(400, "the text defines no rule");
    const result = await testRuleSet(c.var.store, compiled.ruleSet, limit, (rule) => rule.origin === source.origin);
    return c.json({ rules: compiled.ruleIds, ...result });
  })
  .post("/backtest", canWrite, async (c) => {
    const body = await readJsonObject(c, BACKTEST_BODY_BYTES);
    rejectUnknownFields(body, ["rules", "texts", "pack", "days", "to", "page_size", "state"]);
    const ids = backtestIds(body);
    const texts = backtestTexts(body);
    const pack = body.pack === undefined || body.pack === null ? null : PACKS.find((id) => id === body.pack);
    if (pack === undefined) throw new ApiError(400, `'pack' must be one of ${PACKS.join(", ")}`);
    if (ids.length + texts.length === 0 && pack === null) {
      throw new ApiError(400, "name a rule to try in 'rules', 'texts' or 'pack'");
    }
    const pageSize = integerField(body, "page_size", DEFAULT_BACKTEST_PAGE, MAX_BACKTEST_PAGE);
    const days = integerField(body, "days", DEFAULT_BACKTEST_DAYS, MAX_BACKTEST_DAYS);
    if (body.to !== undefined && typeof body.to !== "string" && typeof body.to !== "number") {
      throw new ApiError(400, "'to' must be an ISO date or epoch milliseconds");
    }
    const selection = await backtestSelection(await activeRules(c.var.store, c.env.ARCHIVE), ids, texts, pack);
    if (!selection.ok) {
      const { status, error, errors } = selection;
      return c.json({ error, ...(errors === undefined ? {} : { errors }) }, status);
    }
    const to = timeParam(body.to === undefined ? undefined : String(body.to), "to", Date.now());
    const from = to - days * DAY_MS;
    let state: BacktestState;
    if (body.state === undefined || body.state === null) {
      const shards = (await eventShards(c.env).forRange(from, to)).map(openStore);
      const { range, total } = await startBacktestRange(shards, from, to);
      state = startBacktest(selection.rules, range, total);
    } else {
      state = await backtestState(c, body.state, selection.rules.fingerprint);
    }
    const shards = (await eventShards(c.env).forRange(state.range.from, state.range.to)).map(openStore);
    const [rows, exceptions] = await Promise.all([
      backtestEventsAfter(shards, state.range, state.cursor, pageSize + 1),
      loadExceptions(c.var.store),
    ]);
    const last = rows.length <= pageSize;
    const next = await backtestPage(
      selection.rules,
      state,
      rows.slice(0, pageSize),
      last,
      exceptions,
      dedupWindowMs(c.env.ALERT_DEDUP_WINDOW_SECONDS),
    );
    const token = next.done
      ? null
      : await signStateToken(c.env.JWT_SECRET, BACKTEST_STATE, next, Date.now() + BACKTEST_STATE_TTL_MS);
    return c.json(backtestAnswer(next, selection.tried, token, pack !== null));
  })
  .get("/noisy", async (c) => {
    const window = windowParams(c);
    const sort = oneOf(c.req.query("sort"), "sort", ["alerts", "false_positive"] as const) ?? "alerts";
    const volumes = await ruleAlertVolumes(c.var.store, window, sort, MAX_NOISY_RULES);
    return c.json({
      from: iso(window.from),
      to: iso(window.to),
      days: window.days,
      sort,
      rules: volumes.map((v) => ({
        id: v.ruleId,
        title: v.title,
        level: v.level,
        kind: v.kind,
        alerts: v.alerts,
        alerts_per_day: v.alerts / window.days,
        false_positives: v.falsePositives,
        false_positive_share: v.alerts === 0 ? 0 : v.falsePositives / v.alerts,
        events: v.events,
        last_seen: iso(v.lastSeen),
      })),
    });
  })
  .get("/:id/noise", async (c) => {
    const id = ruleIdParam(c);
    const window = windowParams(c);
    const sampleText = c.req.query("sample");
    const sample = sampleText === undefined ? DEFAULT_NOISE_SAMPLE : positiveIntParam(sampleText, "sample");
    if (sample > MAX_NOISE_SAMPLE) throw new ApiError(400, `'sample' must be at most ${MAX_NOISE_SAMPLE}`);
    const noise = await ruleNoise(c.var.store, id, window, sample);
    if (noise.sampled === 0) {
      const { row, bundled } = findRule(await activeRules(c.var.store, c.env.ARCHIVE), id);
      if (!row && !bundled) throw new ApiError(404, `no rule with id ${id}, and no alert of one`);
    }
    return c.json({
      rule_id: id,
      from: iso(window.from),
      to: iso(window.to),
      sampled: noise.sampled,
      read: noise.read,
      fields: noise.fields,
    });
  })
  .post("/import", canWrite, async (c) => {
    const body = await readJsonObject(c, IMPORT_BODY_BYTES);
    if (!Array.isArray(body.rules) || body.rules.length === 0 || body.rules.length > MAX_IMPORT_FILES) {
      throw new ApiError(400, `'rules' must be a list of 1 to ${MAX_IMPORT_FILES} {path, text}`);
    }
    const files = body.rules.map(importFile);
    const { results, writes } = planImport(await activeRules(c.var.store, c.env.ARCHIVE), files);
    const ids = (status: string) => results.flatMap((r) => (r.status === status && r.id !== null ? [r.id] : []));
    const count = (status: string) => results.filter((r) => r.status === status).length;
    await write(c, writes, "rule.import", {
      files: results.length,
      created: ids("created"),
      updated: ids("updated"),
      failed: count("failed"),
    });
    return c.json({
      results,
      summary: {
        files: results.length,
        created: count("created"),
        updated: count("updated"),
        unchanged: count("unchanged"),
        failed: count("failed"),
      },
    });
  })
  .post("/", canWrite, async (c) => {
    const body = await readJsonObject(c, RULE_BODY_BYTES);
    const kind = kindField(body);
    const { source, id } = submittedSource(kind, textField(body));
    const active = await activeRules(c.var.store, c.env.ARCHIVE);
    const check = checkRuleText(source, contextWithout(active, new Set(id === null ? [] : [id])));
    if (!check.ok) return compileFailure(c, check.errors);
    const { row, bundled } = findFile(active, check.id);
    if (row || bundled) {
      const what = row ? "a stored rule" : `the bundled rule in ${bundled?.origin}`;
      throw new ApiError(409, `${what} has the id ${check.id}; change it with PUT /api/v1/rules/${check.id}`);
    }
    await write(
      c,
      [{ id: check.id, kind, text: source.text, enabled: true, origin: "api", change: "create" }],
      "rule.create",
    );
    return c.json({ rule: entryIn(await activeRules(c.var.store, c.env.ARCHIVE), check.id) }, 201);
  })
  .get("/:id", async (c) => {
    const id = ruleIdParam(c);
    const active = await activeRules(c.var.store, c.env.ARCHIVE);
    const rule = entryIn(active, id);
    const { row, bundled, fileId } = findRule(active, id);
    const [versions, counts] = await Promise.all([
      listRuleVersions(c.var.store, fileId),
      ruleAlertCounts(c.var.store, id),
    ]);
    return c.json({
      rule: withAlerts(rule, counts),
      text: row?.text ?? bundled?.text ?? "",
      bundled_text: bundled?.text ?? null,
      versions: versions.map((v) => ({
        version: v.version,
        change: v.change,
        enabled: v.enabled,
        text: v.text,
        changed_at: iso(v.changedAt),
        changed_by: v.changedBy,
      })),
    });
  })
  .put("/:id", canWrite, async (c) => {
    const id = ruleIdParam(c);
    const body = await readJsonObject(c, RULE_BODY_BYTES);
    const active = await activeRules(c.var.store, c.env.ARCHIVE);
    const { row, bundled, fileId } = findRule(active, id);
    const kind = row?.kind ?? bundled?.kind;
    if (kind === undefined) throw new ApiError(404, `no rule with id ${id}; create it with POST /api/v1/rules`);
    const source = { origin: storedRuleOrigin(fileId), kind, text: textField(body) };
    const check = checkRuleText(source, contextWithout(active, new Set([fileId])));
    if (!check.ok) return compileFailure(c, check.errors);
    if (check.id !== fileId) {
      throw new ApiError(400, `the text's rule id is ${check.id}, not ${fileId}; ids cannot change`);
    }
    const changed = source.text !== (row?.text ?? bundled?.text);
    if (changed) {
      await write(
        c,
        [{ id: fileId, kind, text: source.text, enabled: row?.enabled ?? true, origin: "api", change: "update" }],
        "rule.update",
      );
    }
    return c.json({ rule: entryIn(await activeRules(c.var.store, c.env.ARCHIVE), id), changed });
  })
  .post("/:id/enable", canWrite, (c) => setEnabled(c, true))
  .post("/:id/disable", canWrite, (c) => setEnabled(c, false))
  .delete("/:id", canWrite, async (c) => {
    const id = ruleIdParam(c);
    const active = await activeRules(c.var.store, c.env.ARCHIVE);
    const { row, bundled, fileId } = findRule(active, id);
    if (!row) {
      if (bundled) throw new ApiError(409, `rule ${id} is bundled (${bundled.origin}): disable it instead`);
      throw new ApiError(404, `no stored rule with id ${id}`);
    }
    await write(
      c,
      [{ id: fileId, kind: row.kind, text: row.text, enabled: false, origin: row.origin, change: "delete" }],
      "rule.delete",
    );
    return c.json({ ok: true, id: fileId, bundled_rule_restored: bundled !== undefined });
  });
