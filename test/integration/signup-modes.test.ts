import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/http/app.ts";

function signInAs(username: string, password: string) {
  return createApp().request(
    "https://edgesiem.test/api/v1/auth/login",
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    },
    env,
  );
}

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

  it("approval: an account awaiting approval answers its right password as it answers a wrong one", async () => {
    expect((await signupWith("approval", "penny")).status).toBe(201);
    const right = await signInAs("penny", "a-long-password");
    const wrong = await signInAs("penny", "not-the-password");
    expect(right.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await right.json()).toEqual(await wrong.json());
  });
});
