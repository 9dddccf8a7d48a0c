import { describe, expect, it } from "vitest";
import { roleForGroups, SsoConfigError, ssoConfig } from "../../../worker/auth/sso.ts";

const ACCESS = {
  SSO_PROVIDER: "cloudflare-access",
  ACCESS_TEAM_DOMAIN: "https://acme.cloudflareaccess.com",
  ACCESS_AUD: "aud",
};

describe("SSO settings", () => {
  it("are off unless SSO_PROVIDER is set", () => {
    expect(ssoConfig({})).toBeNull();
  });

  it("derive Access's header, keys and issuer from the team domain", () => {
    expect(ssoConfig(ACCESS)).toMatchObject({
      header: "Cf-Access-Jwt-Assertion",
      jwksUrl: new URL("https://acme.cloudflareaccess.com/cdn-cgi/access/certs"),
      issuer: "https://acme.cloudflareaccess.com",
      audience: "aud",
      defaultRole: "viewer",
    });
  });

  it.each([
    [{ ...ACCESS, ACCESS_AUD: "" }, "SSO_PROVIDER is set but ACCESS_AUD is not"],
    [{ ...ACCESS, ACCESS_TEAM_DOMAIN: "http://acme.cloudflareaccess.com" }, "ACCESS_TEAM_DOMAIN must be an https URL"],
    [
      { SSO_PROVIDER: "oidc", OIDC_ISSUER: "https://id.example", OIDC_AUDIENCE: "x" },
      "SSO_PROVIDER is set but OIDC_JWKS_URL is not",
    ],
    [{ SSO_PROVIDER: "saml" }, "SSO_PROVIDER must be cloudflare-access or oidc, not 'saml'"],
    [{ ...ACCESS, SSO_DEFAULT_ROLE: "root" }, "SSO_DEFAULT_ROLE must be one of viewer, analyst, admin"],
  ])("refuse a half-made setting, naming it: %j", (settings, message) => {
    expect(() => ssoConfig(settings)).toThrow(new SsoConfigError(message));
  });

  it("give the highest role any of the user's groups maps to", () => {
    const config = ssoConfig({ ...ACCESS, SSO_ADMIN_GROUPS: "leads, root", SSO_ANALYST_GROUPS: "soc" });
    if (!config) throw new Error("no config");
    expect(roleForGroups(config, ["soc", "root"])).toBe("admin");
    expect(roleForGroups(config, ["soc"])).toBe("analyst");
    expect(roleForGroups(config, ["staff"])).toBe("viewer");
  });
});
