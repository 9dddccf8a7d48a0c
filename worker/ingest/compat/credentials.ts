/**
 * The agent token in the Authorization schemes log shippers can send. Elasticsearch outputs offer
 * Basic (user + password), ApiKey and Bearer; Splunk HEC clients send `Splunk <token>`. The token
 * travels as the password, the API key or the bearer/Splunk credential; the user name is ignored.
 */

export type Credential =
  | { ok: true; token: string }
  /** missing: no Authorization header; malformed: a header EdgeSIEM cannot read a token from. */
  | { ok: false; problem: "missing" | "malformed" };

const SCHEME = /^(\S+)\s+(\S+)\s*$/;

/** The part after the first ':' of base64-encoded `a:b`, or null when the value is not that. */
function secondOfPair(encoded: string): string | null {
  let decoded: string;
  try {
    const bytes = Uint8Array.from(atob(encoded), (ch) => ch.charCodeAt(0));
    decoded = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  return colon < 0 ? null : decoded.slice(colon + 1);
}

/**
 * `ApiKey <token>` as the official clients send a string key, or Beats' `ApiKey base64(id:key)`
 * made from `api_key: "<id>:<token>"`. A JWT has dots, which base64 never has.
 */
function apiKey(value: string): string {
  if (value.includes(".")) return value;
  return secondOfPair(value) ?? value;
}

export function agentCredential(authorization: string | null | undefined, accepted: readonly string[]): Credential {
  if (authorization === null || authorization === undefined || authorization.trim() === "") {
    return { ok: false, problem: "missing" };
  }
  const match = SCHEME.exec(authorization.trim());
  if (!match) return { ok: false, problem: "malformed" };
  const scheme = (match[1] ?? "").toLowerCase();
  const value = match[2] ?? "";
  if (!accepted.includes(scheme)) return { ok: false, problem: "malformed" };
  if (scheme === "basic") {
    // `Basic base64(user:password)`: the password is the token.
    const password = secondOfPair(value);
    return password === null || password === "" ? { ok: false, problem: "malformed" } : { ok: true, token: password };
  }
  if (scheme === "apikey") return { ok: true, token: apiKey(value) };
  return { ok: true, token: value };
}
