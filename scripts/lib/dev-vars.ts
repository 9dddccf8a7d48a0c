/** The git-ignored `.dev.vars` that holds local secrets (the JWT secret, optionally ADMIN_PASSWORD). */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export const DEV_VARS = ".dev.vars";

export function readDevVars(path = DEV_VARS): Record<string, string> {
  if (!existsSync(path)) return {};
  const vars: Record<string, string> = {};
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match?.[1]) continue;
    vars[match[1]] = (match[2] ?? "").replace(/^"(.*)"$/, "$1");
  }
  return vars;
}

/** Generates a JWT secret into `.dev.vars` unless one is there; answers the vars. */
export function ensureDevVars(path = DEV_VARS): Record<string, string> {
  const vars = readDevVars(path);
  if (vars.JWT_SECRET && vars.JWT_SECRET.length >= 32) return vars;
  const secret = randomBytes(48).toString("base64url");
  const existing = existsSync(path) ? readFileSync(path, "utf8") : "";
  const header = existing ? "" : "# Local secrets for wrangler dev. Never commit this file.\n";
  const body = `${existing}${existing && !existing.endsWith("\n") ? "\n" : ""}${header}JWT_SECRET=${secret}\n`;
  writeFileSync(path, body, { mode: 0o600 });
  console.log(`Generated a JWT secret into ${path}.`);
  return { ...vars, JWT_SECRET: secret };
}
