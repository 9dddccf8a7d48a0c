/**
 * PocketSIEM's agent endpoints, so its hosts switch to EdgeSIEM by changing URL and token. The
 * shapes are PocketSIEM's; the behaviour is EdgeSIEM's: every endpoint (Falco's too) needs an agent
 * token, bad input is a 4xx naming the problem, and items go through the normal ingest path.
 */
import { Hono } from "hono";
import { parseJson, readIngestBody } from "../../ingest/decode.ts";
import { IngestError } from "../../ingest/errors.ts";
import type { FormatName } from "../../ingest/formats.ts";
import { splitPocketSiemWinlog } from "../../ingest/normalise.ts";
import { ingestForAgent } from "../agent-ingest.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { requireAgent } from "../middleware/auth.ts";
import { limitIngestPerToken } from "../rate-limit/middleware.ts";
import { ingestResponse } from "./ingest.ts";

const SSH_FORM_FIELDS = ["date", "host", "osuser", "logon_type", "process_name"];

async function ingestAs(c: AppContext, text: string, records: unknown[], formats: FormatName[]) {
  const answer = await ingestForAgent(c.env, c.var.agent, {
    records,
    formats,
    batchId: c.req.header("idempotency-key") ?? null,
    text,
  });
  return ingestResponse(c, answer);
}

export const pocketsiemRoutes = new Hono<AppEnv>()
  .get("/healthcheck", requireAgent, (c) => c.body(null, 200))
  .post("/winlog", requireAgent, limitIngestPerToken, async (c) => {
    const text = await readIngestBody(c.req.raw);
    const split = splitPocketSiemWinlog(parseJson(text));
    if ("error" in split) throw new IngestError(400, split.error);
    return ingestAs(
      c,
      text,
      split.items.map((i) => i.item),
      split.items.map((i) => `pocketsiem.${i.list}` as const),
    );
  })
  .post("/sshlogin", requireAgent, limitIngestPerToken, async (c) => {
    const text = await readIngestBody(c.req.raw);
    const params = new URLSearchParams(text);
    // PocketSIEM's server read the first value of each field; so do we.
    const form: Record<string, string> = {};
    for (const field of SSH_FORM_FIELDS) {
      const value = params.get(field);
      if (value !== null) form[field] = value;
    }
    if (Object.keys(form).length === 0) {
      throw new IngestError(
        400,
        `send the form fields ${SSH_FORM_FIELDS.join(", ")} (application/x-www-form-urlencoded)`,
      );
    }
    return ingestAs(c, text, [form], ["pocketsiem.sshlogin"]);
  })
  .post("/falcolog", requireAgent, limitIngestPerToken, async (c) => {
    const text = await readIngestBody(c.req.raw);
    return ingestAs(c, text, [parseJson(text)], ["falco"]);
  });
