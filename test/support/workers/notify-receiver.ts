/**
 * The tests' side of the webhook receiver that test/support/notify-receiver.ts runs in Node.
 * Each test makes its own hook paths, so tests never see each other's requests.
 */
import { inject } from "vitest";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

export type HookBehaviour = "ok" | "fail" | `fail-${number}`;

/** A URL on the receiver that answers as `behaviour` says. */
export function hookUrl(behaviour: HookBehaviour): string {
  return `${inject("notifyReceiverUrl")}/hook/${behaviour}/${crypto.randomUUID()}`;
}

export async function receivedAt(url: string): Promise<ReceivedRequest[]> {
  const { origin, pathname } = new URL(url);
  const response = await fetch(`${origin}/received${pathname}`);
  return (await response.json()) as ReceivedRequest[];
}

/** Waits until `url` has received at least `count` requests, and returns them. */
export async function waitForRequests(url: string, count: number, timeoutMs = 20_000): Promise<ReceivedRequest[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const received = await receivedAt(url);
    if (received.length >= count) return received;
    if (Date.now() > deadline) {
      throw new Error(`${url} received ${received.length} of ${count} expected requests in ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// Also declared in test/support/notify-receiver.ts, which the Node tsconfig checks; this one is the workerd side's.
declare module "vitest" {
  export interface ProvidedContext {
    notifyReceiverUrl: string;
  }
}
