/** Hostile tokens made by hand, and a fingerprint of every stored table, for the security tests. */
import { env } from "cloudflare:test";

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const part = (value: unknown) => base64url(encoder.encode(JSON.stringify(value)));

async function hmac(hash: "SHA-256" | "SHA-512", secret: string, data: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash }, false, ["sign"]);
  return base64url(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(data))));
}

/**
 * A JWT with any header: `hash` signs header.payload with HMAC under `secret`; without it the
 * signature is empty (what `alg: none` tokens carry).
 */
export async function craftJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signing?: { hash: "SHA-256" | "SHA-512"; secret: string },
): Promise<string> {
  const input = `${part(header)}.${part(payload)}`;
  return `${input}.${signing ? await hmac(signing.hash, signing.secret, input) : ""}`;
}

/** The payload of a JWT, read without checking it. */
export function jwtPayload(token: string): Record<string, unknown> {
  const payload = token.split(".")[1] ?? "";
  const padded = payload
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(payload.length / 4) * 4, "=");
  return JSON.parse(atob(padded)) as Record<string, unknown>;
}

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Table name -> SHA-256 of its rows (sorted, so row order does not matter): equal maps, equal stores. */
export async function tableDigests(): Promise<Record<string, string>> {
  const { results: tables } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'd1_%' AND name NOT LIKE '_cf_%' ORDER BY name",
  ).all<{ name: string }>();
  const digests: Record<string, string> = {};
  for (const { name } of tables) {
    const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
    digests[name] = await sha256(
      results
        .map((row) => JSON.stringify(row))
        .sort()
        .join("\n"),
    );
  }
  return digests;
}
