/**
 * Single sign-on against a live `wrangler dev`: a local JWKS server stands in for Cloudflare Access
 * (and, below, for an OIDC provider), tokens are signed with its key by jose, and the browser gets
 * the identity header the way Access adds it to every request to the origin.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Browser, launchBrowser } from "../support/browser.ts";
import { type DevServer, startDevServer } from "../support/dev-server.ts";
import { ApiClient, type PageProblems, watchPage } from "../support/ui-session.ts";

const ADMIN_PASSWORD = "browser-test-admin-password";
const AUD = "edgesiem-test-application-aud";

type Key = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

interface Provider {
  url: string;
  sign(
    claims: JWTPayload,
    options?: { key?: Key; issuer?: string; audience?: string; expiresIn?: string },
  ): Promise<string>;
  server: Server;
}

/** A JWKS server on loopback publishing one RS256 key at `path`, and a signer for tokens. */
async function startProvider(path: string): Promise<Provider> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const server = createServer((request, response) => {
    if (request.url !== path) return void response.writeHead(404).end();
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    sign: (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: "test-key" })
        .setIssuer(options.issuer ?? url)
        .setAudience(options.audience ?? AUD)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? "5m")
        .sign(options.key ?? privateKey),
  };
}

async function ssoSignIn(server: DevServer, headers: Record<string, string>) {
  const response = await fetch(`${server.url}/api/v1/auth/sso`, { method: "POST", headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: string } };
}

describe("Cloudflare Access", () => {
  let access: Provider;
  let server: DevServer;
  let browser: Browser;
  let problems: PageProblems;
  const assertion = (token: string) => ({ "Cf-Access-Jwt-Assertion": token });

  beforeAll(async () => {
    access = await startProvider("/cdn-cgi/access/certs");
    server = await startDevServer({
      vars: {
        ADMIN_PASSWORD,
        SSO_PROVIDER: "cloudflare-access",
        ACCESS_TEAM_DOMAIN: access.url,
        ACCESS_AUD: AUD,
        SSO_ADMIN_GROUPS: "secops-leads",
        SSO_ANALYST_GROUPS: "secops",
      },
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    access?.server.close();
  });

  test("signs in a verified identity, creating the account with the role its groups give", async () => {
    const first = await ssoSignIn(server, assertion(await access.sign({ email: "Dana@Example.org", sub: "u1" })));
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ username: "dana@example.org", role: "viewer", enabled: true });
    const again = await ssoSignIn(server, assertion(await access.sign({ email: "dana@example.org" })));
    expect(again.body.user).toMatchObject({ id: (first.body.user as { id: number }).id });
    const lead = await ssoSignIn(
      server,
      assertion(await access.sign({ email: "lee@example.org", groups: ["secops-leads"] })),
    );
    expect(lead.body.user).toMatchObject({ role: "admin" });
    const analyst = await ssoSignIn(
      server,
      assertion(await access.sign({ email: "ana@example.org", groups: ["secops"] })),
    );
    expect(analyst.body.user).toMatchObject({ role: "analyst" });

    const session = await fetch(`${server.url}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${first.body.token as string}` },
    });
    expect(session.status).toBe(200);
  });

  test("refuses tokens that are forged, for another application or team, expired, unsigned or missing", async () => {
    const other = (await generateKeyPair("RS256")).privateKey;
    const refused: [string, Record<string, string>][] = [
      ["another key", assertion(await access.sign({ email: "eve@example.org" }, { key: other }))],
      ["another application", assertion(await access.sign({ email: "eve@example.org" }, { audience: "other-aud" }))],
      [
        "another team",
        assertion(await access.sign({ email: "eve@example.org" }, { issuer: "https://evil.cloudflareaccess.com" })),
      ],
      ["expired", assertion(await access.sign({ email: "eve@example.org" }, { expiresIn: "-1m" }))],
      ["alg none", assertion(`${btoa('{"alg":"none"}')}.${btoa(`{"email":"eve@example.org","aud":"${AUD}"}`)}.`)],
      ["no email", assertion(await access.sign({ sub: "eve" }))],
      ["no header", {}],
    ];
    for (const [what, headers] of refused) {
      const answer = await ssoSignIn(server, headers);
      expect(answer.status, what).toBe(401);
      expect(answer.body.error, what).toMatch(/identity token/);
    }
    const admin = await ApiClient.signIn(server.url, "admin", ADMIN_PASSWORD);
    const { users } = await admin.call<{ users: { username: string }[] }>("GET", "/users");
    expect(users.map((user) => user.username)).not.toContain("eve@example.org");
  });

  test("refuses a disabled account and a sign-in started by another site", async () => {
    const admin = await ApiClient.signIn(server.url, "admin", ADMIN_PASSWORD);
    const created = await ssoSignIn(server, assertion(await access.sign({ email: "finn@example.org" })));
    await admin.call("PATCH", `/users/${(created.body.user as { id: number }).id}`, { enabled: false });
    const disabled = await ssoSignIn(server, assertion(await access.sign({ email: "finn@example.org" })));
    expect(disabled).toMatchObject({ status: 403, body: { error: "this account is disabled; ask an admin" } });
    const foreign = await ssoSignIn(server, {
      ...assertion(await access.sign({ email: "dana@example.org" })),
      origin: "https://evil.example",
    });
    expect(foreign.status).toBe(403);
  });

  test("the sign-in page offers Access, and the header Access adds signs the browser in", async () => {
    await browser.context.setExtraHTTPHeaders(
      assertion(await access.sign({ email: "gail@example.org" }, { expiresIn: "10m" })),
    );
    const page = await browser.context.newPage();
    problems = watchPage(page);
    await page.goto(`${server.url}/`);
    await page.getByRole("button", { name: "Sign in with Cloudflare Access" }).click();
    await page.locator(".who-name").getByText("gail@example.org").waitFor();
    expect(problems).toEqual({ errors: [], dialogs: [] });
  });
});

describe("a generic OIDC provider behind a proxy", () => {
  let provider: Provider;
  let server: DevServer;

  beforeAll(async () => {
    provider = await startProvider("/jwks");
    server = await startDevServer({
      vars: {
        ADMIN_PASSWORD,
        SSO_PROVIDER: "oidc",
        OIDC_ISSUER: provider.url,
        OIDC_AUDIENCE: AUD,
        OIDC_JWKS_URL: `${provider.url}/jwks`,
        OIDC_TOKEN_HEADER: "X-Forwarded-Id-Token",
      },
    });
  });

  afterAll(async () => {
    await server?.stop();
    provider?.server.close();
  });

  test("signs in with the ID token the proxy forwards, and only from that header", async () => {
    const token = await provider.sign({ email: "ivy@example.org" });
    expect((await fetch(`${server.url}/api/v1/auth/sso`)).status).toBe(200);
    expect((await ssoSignIn(server, { "X-Forwarded-Id-Token": token })).body.user).toMatchObject({
      username: "ivy@example.org",
    });
    expect((await ssoSignIn(server, { "Cf-Access-Jwt-Assertion": token })).status).toBe(401);
  });
});
