import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/http/app.ts";

function signupWith(mode: string, username: string) {
  const app = createApp();
  return app.request(
    "https://edgesiem.test/api/v1/auth/signup",
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: "a-long-password" }),
    },
    { ...env, SIGNUP_MODE: mode },
  );
}

describe("SIGNUP_MODE", () => {
  it("open: the new viewer is enabled at once", async () => {
    const res = await signupWith("open", "olive");
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: "active", user: { enabled: true, role: "viewer" } });
  });

  it("off: sign-up is refused with 403", async () => {
    const res = await signupWith("off", "oscar");
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "sign-up is disabled on this server" });
  });
});
