/**
 * Splunk's own HEC logging library from npm (splunk-logging), unmodified, against a live
 * EdgeSIEM's /services/collector (a root path, so wrangler.toml's run_worker_first must list it):
 * batched events arrive as parsed events, and a bad token comes back as Splunk's error.
 */
import splunk from "splunk-logging";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../support/dev-server.ts";
import { ADMIN_PASSWORD, ADMIN_USERNAME, ApiClient } from "../support/ui-session.ts";

interface StoredEvent {
  host: string;
  dataset: string;
  action: string | null;
  user: string | null;
  outcome: string | null;
  src_ip: string | null;
  raw: Record<string, unknown>;
}

let server: DevServer;
let admin: ApiClient;
let token: string;

beforeAll(async () => {
  server = await startDevServer({ vars: { ADMIN_PASSWORD } });
  admin = await ApiClient.signIn(server.url, ADMIN_USERNAME, ADMIN_PASSWORD);
  token = await admin.createAgentToken("hec");
});

afterAll(async () => {
  await server?.stop();
});

/** Sends the contexts as one batch and resolves with Splunk's answer body (or the library's error). */
function sendBatch(logger: splunk.Logger, contexts: splunk.SendContext[]): Promise<{ body: unknown; error?: Error }> {
  return new Promise((done) => {
    let reported: Error | undefined;
    logger.error = (error) => {
      reported = error;
    };
    for (const context of contexts) logger.send(context);
    logger.flush((error, _response, body) => done({ body, error: error ?? reported }));
  });
}

describe("splunk-logging against /services/collector", () => {
  it("delivers a batch of events, syslog lines parsed as SSH logons", async () => {
    const logger = new splunk.Logger({ token, url: server.url, maxBatchCount: 0 });
    const metadata = { host: "web1", sourcetype: "linux_secure", time: Date.now() };
    const answer = await sendBatch(logger, [
      {
        message: "Nov 23 06:54:07 web1 sshd[811]: Failed password for root from 203.0.113.9 port 52144 ssh2",
        metadata,
      },
      {
        message: "Nov 23 06:55:00 web1 sshd[812]: Accepted password for bob from 192.0.2.10 port 40000 ssh2",
        metadata,
      },
      { message: { checkout: "paid", amount: 12 }, metadata: { host: "app1", source: "shop", time: Date.now() } },
    ]);
    expect(answer).toEqual({ body: { text: "Success", code: 0 }, error: undefined });

    const now = Date.now();
    const { events } = await admin.call<{ events: StoredEvent[] }>(
      "GET",
      `/events?from=${now - 2 * 86_400_000}&to=${now + 2 * 86_400_000}&limit=100`,
    );
    expect(events.map((e) => [e.host, e.dataset, e.action, e.user, e.outcome, e.src_ip]).sort()).toEqual([
      ["app1", "generic", null, null, null, null],
      ["web1", "linux.auth", "ssh_login", "bob", "success", "192.0.2.10"],
      ["web1", "linux.auth", "ssh_login", "root", "failure", "203.0.113.9"],
    ]);
    const app = events.find((e) => e.host === "app1");
    expect(app?.raw).toMatchObject({ message: { checkout: "paid", amount: 12 }, splunk: { source: "shop" } });
  });

  it("hands the library Splunk's 'Invalid token' error for a token EdgeSIEM does not know", async () => {
    const logger = new splunk.Logger({ token: "not-a-token", url: server.url });
    const answer = await sendBatch(logger, [{ message: "hello" }]);
    expect(answer.body).toEqual({ text: "Invalid token", code: 4 });
    expect(answer.error).toMatchObject({ message: "Invalid token", code: 4 });
  });
});
