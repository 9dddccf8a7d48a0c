/** GET /api/v1/coverage/agent-config?agent=sysmon|windows|linux: collector settings for the enabled rules, as a download. */
import { Hono } from "hono";
import { type AgentConfigFile, agentConfigFile, isAgentKind } from "../../coverage/agent-config.ts";
import { coverageRules } from "../../coverage/coverage-rules.ts";
import { activeRuleSet } from "../../rules/active-rule-set.ts";
import { ApiError } from "../api-error.ts";
import type { AppEnv } from "../context.ts";
import { requireSession } from "../middleware/auth.ts";

function download(file: AgentConfigFile): Response {
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
    },
  });
}

export const agentConfigRoutes = new Hono<AppEnv>().use(requireSession).get("/", async (c) => {
  const agent = c.req.query("agent");
  if (!isAgentKind(agent)) throw new ApiError(400, "agent must be sysmon, windows or linux");
  const rules = coverageRules(await activeRuleSet(c.var.store, c.env.ARCHIVE));
  return download(agentConfigFile(agent, rules, { url: new URL(c.req.url).origin }));
});
