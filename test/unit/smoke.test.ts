import { env, SELF } from "cloudflare:test";
import { expect, it } from "vitest";

it("smoke", async () => {
  const r = await SELF.fetch("http://x/api/v1/health");
  expect(r.status).toBe(200);
  const t = await env.DB.prepare("select count(*) as n from users").first();
  expect(t).toEqual({ n: 0 });
});
