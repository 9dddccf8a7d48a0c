import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context.ts";
import { apiHeaders } from "../security-headers.ts";

/** Runs first, so errors, 404s and refusals by later middleware carry the headers too. */
export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(apiHeaders(new URL(c.req.url)))) c.res.headers.set(name, value);
});
