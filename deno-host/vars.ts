/** The Worker's variables on the Deno host: wrangler.toml [vars], then .dev.vars, then the environment. */
const SECRETS = ["JWT_SECRET", "ADMIN_PASSWORD"];

/**
 * The environment overrides only names the Worker is known to read (declared in [vars] or
 * .dev.vars, or a secret), so unrelated process variables never reach it.
 */
export function hostVars(
  tomlVars: Record<string, string>,
  devVars: Record<string, string>,
  environment: Record<string, string | undefined>,
): Record<string, string> {
  const vars = { ...tomlVars, ...devVars };
  for (const name of new Set([...Object.keys(vars), ...SECRETS])) {
    const value = environment[name];
    if (value !== undefined) vars[name] = value;
  }
  return vars;
}
