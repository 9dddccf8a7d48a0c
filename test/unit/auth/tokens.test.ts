import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { signAgentToken, signSessionToken, verifyAgentToken, verifySessionToken } from "../../../worker/auth/tokens.ts";

const SECRET = "unit-test-secret-unit-test-secret-0123";

describe("session and agent tokens", () => {
  it("round-trips a session token's claims", async () => {
    const token = await signSessionToken(SECRET, "sess-1", 7, Date.now() + 60_000);
    const result = await verifySessionToken(SECRET, token);
    expect(result).toMatchObject({ ok: true, claims: { scope: "session", jti: "sess-1", sub: "7" } });
  });

  it("keeps the two scopes apart", async () => {
    const agent = await signAgentToken(SECRET, "tok-1", "web1");
    const session = await signSessionToken(SECRET, "sess-1", 7, Date.now() + 60_000);
    expect(await verifySessionToken(SECRET, agent)).toEqual({ ok: false, reason: "wrong_scope" });
    expect(await verifyAgentToken(SECRET, session)).toEqual({ ok: false, reason: "wrong_scope" });
    expect(await verifyAgentToken(SECRET, agent)).toEqual({
      ok: true,
      claims: { scope: "ingest", jti: "tok-1", name: "web1" },
    });
  });

  it("reports an expired session token as expired", async () => {
    const token = await signSessionToken(SECRET, "sess-1", 7, Date.now() - 60_000);
    expect(await verifySessionToken(SECRET, token)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses tokens signed with another key or another algorithm", async () => {
    const otherKey = await signAgentToken(`${SECRET}-other`, "tok-1", "web1");
    expect(await verifyAgentToken(SECRET, otherKey)).toEqual({ ok: false, reason: "invalid" });
    const hs512 = await new SignJWT({ scope: "ingest" })
      .setProtectedHeader({ alg: "HS512" })
      .setIssuer("edgesiem")
      .setJti("tok-1")
      .sign(new TextEncoder().encode(SECRET));
    expect(await verifyAgentToken(SECRET, hs512)).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses to sign with a secret shorter than 32 characters", async () => {
    await expect(signAgentToken("short", "t", "n")).rejects.toThrow(/at least 32/);
  });
});
