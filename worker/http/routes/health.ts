import { Hono } from "hono";
import { ensureAdmin } from "../../auth/bootstrap.ts";
import type { AppEnv } from "../context.ts";

export const VERSION = "0.1.0";

export const healthRoutes = new Hono<AppEnv>().get("/", async (c) => {
  let database = "ok";
  try {
    await ensureAdmin(c.var.store, c.env.ADMIN_PASSWORD);
  } catch (error) {
    database = `error: ${(error as Error).message}`;
  }
  return c.json({ ok: database === "ok", version: VERSION, database }, database === "ok" ? 200 : 503);
});
