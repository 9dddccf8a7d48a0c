/**
 * The rule packs API: GET lists the packs with their switches and the vendored SigmaHQ release;
 * POST /:pack/enable and /:pack/disable switch one (analysts and admins), bumping the rule-set
 * version so every isolate's next batch runs with the new set.
 */
import { Hono } from "hono";
import { auditStatement } from "../../audit/record.ts";
import { activeRules } from "../../rules/active-rule-set.ts";
import { packsView } from "../../rules/pack-summary.ts";
import { PACKS, type PackId } from "../../rules/packs.ts";
import { setRulePack } from "../../store/rule-writes.ts";
import { ApiError } from "../api-error.ts";
import { auditEntry } from "../audit-entry.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { requireRole, requireSession } from "../middleware/auth.ts";

const canWrite = requireRole("analyst");

function packParam(c: AppContext): PackId {
  const pack = PACKS.find((id) => id === c.req.param("pack"));
  if (pack === undefined)
    throw new ApiError(404, `no rule pack '${c.req.param("pack")}': the packs are ${PACKS.join(", ")}`);
  return pack;
}

async function switchPack(c: AppContext, enabled: boolean) {
  const pack = packParam(c);
  const before = await activeRules(c.var.store, c.env.ARCHIVE);
  const changed = before.packs.has(pack) !== enabled;
  if (changed) {
    const action = enabled ? "rule_pack.enable" : "rule_pack.disable";
    const audit = auditEntry(c, action, { type: "rule_pack", id: pack }, {});
    await setRulePack(c.var.store, pack, enabled, c.var.user.id, Date.now(), [auditStatement(c.var.store, audit)]);
  }
  const view = packsView(await activeRules(c.var.store, c.env.ARCHIVE));
  return c.json({ pack: view.packs.find((summary) => summary.id === pack), changed });
}

export const rulePackRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get("/", async (c) => c.json(packsView(await activeRules(c.var.store, c.env.ARCHIVE))))
  .post("/:pack/enable", canWrite, (c) => switchPack(c, true))
  .post("/:pack/disable", canWrite, (c) => switchPack(c, false));
