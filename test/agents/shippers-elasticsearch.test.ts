/**
 * The official Elasticsearch client from npm (@elastic/elasticsearch), unmodified, against a live
 * EdgeSIEM's /api/v1/compat/es: its product check on `info()`, and `helpers.bulk` with gzip
 * bodies, whose documents must arrive as the events they are and whose rejects come back per item.
 */
import { Client } from "@elastic/elasticsearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../support/dev-server.ts";
import { ADMIN_PASSWORD, ADMIN_USERNAME, ApiClient } from "../support/ui-session.ts";

interface StoredEvent {
  host: string;
  dataset: string;
  event_code: string | null;
  user: string | null;
  outcome: string | null;
  command_line: string | null;
  raw: Record<string, unknown>;
}

let server: DevServer;
let admin: ApiClient;
let client: Client;

beforeAll(async () => {
  server = await startDevServer({ vars: { ADMIN_PASSWORD } });
  admin = await ApiClient.signIn(server.url, ADMIN_USERNAME, ADMIN_PASSWORD);
  const token = await admin.createAgentToken("beats");
  client = new Client({ node: `${server.url}/api/v1/compat/es`, auth: { apiKey: token }, compression: true });
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

async function storedEvents(): Promise<StoredEvent[]> {
  const now = Date.now();
  const { events } = await admin.call<{ events: StoredEvent[] }>(
    "GET",
    `/events?from=${now - 2 * 86_400_000}&to=${now + 2 * 86_400_000}&limit=100`,
  );
  return events;
}

describe("@elastic/elasticsearch against /api/v1/compat/es", () => {
  it("passes the client's product check and reads the cluster version", async () => {
    const info = await client.info();
    expect(info.version.number).toMatch(/^8\./);
  });

  it("sends documents with helpers.bulk: stored as their events, the unreadable one dropped with its reason", async () => {
    const now = new Date().toISOString();
    const documents = [
      {
        "@timestamp": now,
        host: { name: "WS03" },
        winlog: {
          channel: "Security",
          event_id: 4625,
          computer_name: "WS03",
          event_data: { TargetUserName: "administrator", IpAddress: "203.0.113.50", LogonType: "3" },
        },
      },
      {
        "@timestamp": now,
        host: { name: "web1" },
        message: "Nov 23 06:54:07 web1 sshd[811]: Accepted publickey for alice from 198.51.100.7 port 50522 ssh2",
      },
      { note: "no time at all" },
    ];
    const dropped: { status: number; reason: string }[] = [];
    const result = await client.helpers.bulk<Record<string, unknown>>({
      datasource: documents,
      onDocument: () => ({ create: { _index: "logs-edgesiem-default" } }),
      onDrop: (drop) => dropped.push({ status: drop.status, reason: String(drop.error?.reason) }),
      retries: 0,
    });
    expect(result).toMatchObject({ total: 3, successful: 2, failed: 1, aborted: false });
    expect(dropped).toEqual([{ status: 400, reason: expect.stringContaining("no parsable timestamp") }]);

    const events = await storedEvents();
    expect(events.map((e) => [e.host, e.dataset, e.event_code, e.user, e.outcome]).sort()).toEqual([
      ["WS03", "windows.security", "4625", "administrator", "failure"],
      ["web1", "linux.auth", null, "alice", "success"],
    ]);
    for (const event of events) expect(event.raw._index).toBe("logs-edgesiem-default");
  });
});
