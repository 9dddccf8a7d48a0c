/** Sends one notification to one webhook target and says whether the target took it. */
import type { NotifyFormat } from "../store/notification-schema.ts";
import { type FormatOptions, renderPayload } from "./format.ts";
import { SIGNATURE_HEADER, signBody } from "./sign.ts";
import type { AlertNotice } from "./types.ts";

export const DELIVERY_TIMEOUT_MS = 10_000;
/** How much of a failing target's answer is kept as the delivery error. */
const MAX_ERROR_BODY = 200;

export interface DeliveryTarget {
  url: string;
  format: NotifyFormat;
  secret: string | null;
}

export type DeliveryOutcome = { ok: true; status: number } | { ok: false; error: string };

export async function deliver(
  target: DeliveryTarget,
  alerts: readonly AlertNotice[],
  options: FormatOptions & { timeoutMs?: number },
): Promise<DeliveryOutcome> {
  const body = renderPayload(target.format, alerts, options);
  const headers = new Headers({ "content-type": "application/json", "user-agent": "EdgeSIEM-Notify" });
  if (target.format === "generic" && target.secret) headers.set(SIGNATURE_HEADER, await signBody(target.secret, body));
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  let response: Response;
  try {
    response = await fetch(target.url, {
      method: "POST",
      headers,
      body,
      // A webhook URL must be the final one: following a redirect would turn the POST into a GET.
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const name = (error as Error).name;
    if (name === "TimeoutError" || name === "AbortError") {
      return { ok: false, error: `no answer within ${timeoutMs / 1000} s` };
    }
    return { ok: false, error: `request failed: ${(error as Error).message}` };
  }
  if (response.ok) {
    await response.body?.cancel();
    return { ok: true, status: response.status };
  }
  const text = await response.text().catch(() => "");
  const excerpt = text.length > MAX_ERROR_BODY ? `${text.slice(0, MAX_ERROR_BODY)}…` : text;
  return { ok: false, error: `HTTP ${response.status}${excerpt ? `: ${excerpt}` : ""}` };
}
