/**
 * The signature a generic target can check to know a request came from this EdgeSIEM:
 * `X-EdgeSIEM-Signature: sha256=<hex HMAC-SHA256 of the exact body, keyed with the target's secret>`.
 */
export const SIGNATURE_HEADER = "X-EdgeSIEM-Signature";

const encoder = new TextEncoder();

export async function signBody(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(body)));
  return `sha256=${Array.from(mac, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}
