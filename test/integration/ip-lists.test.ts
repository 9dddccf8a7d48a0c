/**
 * IP lists through the HTTP API: CRUD and imports, the bundled deny-list rule alerting through the
 * real ingest path, allow lists in exceptions, and the rule-set version bump each change makes.
 */
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../worker/store/handle.ts";
import { readRuleSetStamp } from "../../worker/store/rules.ts";
import { userWithRole } from "../support/workers/alerts.ts";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

interface ListOut {
  id: number;
  name: string;
  kind: "allow" | "deny";
  description: string;
  entries: string[];
  entry_count: number;
  updated_by: string;
}

let admin: string;

beforeEach(async () => {
  admin = await login();
});

async function createList(json: Record<string, unknown>, token = admin) {
  return call<{ list: ListOut; error?: string }>("/api/v1/ip-lists", { method: "POST", token, json });
}

async function importInto(id: number, json: Record<string, unknown>) {
  return call<{ list: ListOut; imported: number; error?: string }>(`/api/v1/ip-lists/${id}/import`, {
    method: "POST",
    token: admin,
    json,
  });
}

const stampNow = async () => readRuleSetStamp(openStore(env.DB));

let eventSecond = 0;
function sysmonConnection(destination: string) {
  eventSecond += 1;
  return {
    Channel: "Microsoft-Windows-Sysmon/Operational",
    EventID: 3,
    Computer: "WS23.corp.example.com",
    UtcTime: `2026-11-23 10:00:${String(eventSecond % 60).padStart(2, "0")}.000`,
    Image: "C:\\Users\\bob\\AppData\\Local\\Temp\\update.exe",
    Protocol: "tcp",
    SourceIp: "10.20.1.23",
    SourcePort: 49_812,
    DestinationIp: destination,
    DestinationPort: 443,
  };
}

async function ingestConnections(batchId: string, destinations: string[]) {
  const agent = (await agentToken(admin, `agent-${batchId}`)).token;
  const res = await ingest(agent, JSON.stringify({ batch_id: batchId, events: destinations.map(sysmonConnection) }));
  expect(res.status).toBe(200);
  return res.body;
}

describe("IP lists API", () => {
  it("creates, lists, changes and deletes a list", async () => {
    const created = await createList({
      name: "deny_ips",
      kind: "deny",
      description: "droppers",
      entries: ["203.0.113.9"],
    });
    expect(created.status).toBe(201);
    expect(created.body.list).toMatchObject({ name: "deny_ips", kind: "deny", entry_count: 1, updated_by: "admin" });
    const id = created.body.list.id;

    const changed = await call<{ list: ListOut }>(`/api/v1/ip-lists/${id}`, {
      method: "PATCH",
      token: admin,
      json: { entries: ["203.0.113.0/24", "2001:db8::/32"], description: "dropper hosting" },
    });
    expect(changed.body.list).toMatchObject({
      entries: ["203.0.113.0/24", "2001:db8::/32"],
      description: "dropper hosting",
    });

    const listed = await call<{ lists: ListOut[] }>("/api/v1/ip-lists", { token: admin });
    expect(listed.body.lists.map((l) => l.name)).toEqual(["deny_ips"]);

    expect((await call(`/api/v1/ip-lists/${id}`, { method: "DELETE", token: admin })).status).toBe(204);
    expect((await call(`/api/v1/ip-lists/${id}`, { token: admin })).status).toBe(404);
  });

  it("refuses a duplicate name, a name that is not a placeholder name and a bad entry", async () => {
    await createList({ name: "servers", kind: "allow" });
    expect((await createList({ name: "servers", kind: "allow" })).status).toBe(409);
    const badName = await createList({ name: "file servers", kind: "allow" });
    expect(badName.status).toBe(400);
    expect(badName.body.error).toContain("'name' must be letters, digits and '_'");
    const badEntry = await createList({ name: "x", kind: "deny", entries: ["10.0.0.1", "host01"] });
    expect(badEntry.body.error).toBe("entry 2: 'host01' is not an IP address or CIDR network");
    expect((await createList({ name: "y", kind: "block" })).body.error).toBe("'kind' must be 'allow' or 'deny'");
  });

  it("lets viewers read and only analysts and admins write", async () => {
    const viewer = await userWithRole(admin, "vera", "viewer");
    const analyst = await userWithRole(admin, "anna", "analyst");
    expect((await createList({ name: "v", kind: "deny" }, viewer)).status).toBe(403);
    expect((await createList({ name: "a", kind: "deny" }, analyst)).status).toBe(201);
    expect((await call("/api/v1/ip-lists", { token: viewer })).status).toBe(200);
    expect((await call("/api/v1/ip-lists")).status).toBe(401);
  });

  it("imports plain text and CSV, replacing or appending", async () => {
    const { id } = (await createList({ name: "deny_ips", kind: "deny" })).body.list;
    const text = await importInto(id, { content: "# droppers\n203.0.113.9\n198.51.100.0/24 # range\n" });
    expect(text.body).toMatchObject({ imported: 2, list: { entries: ["203.0.113.9", "198.51.100.0/24"] } });
    const csv = await importInto(id, {
      format: "csv",
      mode: "append",
      content: "ip,note\n192.0.2.1,c2\n203.0.113.9,dup\n",
    });
    expect(csv.body.list.entries).toEqual(["203.0.113.9", "198.51.100.0/24", "192.0.2.1"]);
  });

  it("rejects an import naming the bad line, leaving the list as it was", async () => {
    const { id } = (await createList({ name: "deny_ips", kind: "deny", entries: ["10.9.9.9"] })).body.list;
    const res = await importInto(id, { content: "203.0.113.9\n\nnot-an-address\n" });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("line 3: 'not-an-address' is not an IP address or CIDR network");
    expect((await call<{ list: ListOut }>(`/api/v1/ip-lists/${id}`, { token: admin })).body.list.entries).toEqual([
      "10.9.9.9",
    ]);
  });

  it("bumps the rule-set version on every change", async () => {
    const before = await stampNow();
    const { id } = (await createList({ name: "deny_ips", kind: "deny" })).body.list;
    const afterCreate = await stampNow();
    expect(afterCreate.version).toBe(before.version + 1);
    await importInto(id, { content: "203.0.113.9" });
    const afterImport = await stampNow();
    expect(afterImport.version).toBe(afterCreate.version + 1);
    expect(afterImport.stamp).not.toBe(afterCreate.stamp);
    await call(`/api/v1/ip-lists/${id}`, { method: "DELETE", token: admin });
    expect((await stampNow()).version).toBe(afterImport.version + 1);
  });
});

describe("IP lists in detection", () => {
  it("raises an alert for a connection to a deny-listed address through ingest, once the list has it", async () => {
    expect((await ingestConnections("before", ["203.0.113.9"])).alerts).toBe(0);
    await createList({ name: "deny_ips", kind: "deny", entries: ["203.0.113.0/24"] });
    expect((await ingestConnections("after", ["203.0.113.9", "198.51.100.1"])).alerts).toBe(1);
    const alerts = await call<{ alerts: { title: string }[] }>("/api/v1/alerts", { token: admin });
    expect(alerts.body.alerts.map((a) => a.title)).toEqual([
      "Network Connection To Or From A Deny-Listed Address (Sysmon)",
    ]);
  });

  it("lets an exception name an allow list: addresses in it do not alert", async () => {
    await createList({ name: "deny_ips", kind: "deny", entries: ["203.0.113.0/24"] });
    await createList({ name: "file_servers", kind: "allow", entries: ["203.0.113.9"] });
    const exception = await call("/api/v1/exceptions", {
      method: "POST",
      token: admin,
      json: { field: "DestinationIp", value: "@list:file_servers" },
    });
    expect(exception.status).toBe(201);
    expect((await ingestConnections("b1", ["203.0.113.9", "203.0.113.10"])).alerts).toBe(1);
  });

  it("refuses an exception naming a missing list or a deny list", async () => {
    await createList({ name: "deny_ips", kind: "deny" });
    const add = (value: string) =>
      call<{ error: string }>("/api/v1/exceptions", {
        method: "POST",
        token: admin,
        json: { field: "DestinationIp", value },
      });
    expect((await add("@list:nope")).body.error).toBe("'value' names IP list 'nope', which does not exist");
    expect((await add("@list:deny_ips")).body.error).toBe(
      "'value' names IP list 'deny_ips', which is a deny list, not an allow list",
    );
  });

  it("compiles a stored rule that uses a list as a placeholder", async () => {
    await createList({ name: "jump_hosts", kind: "allow", entries: ["10.0.5.0/24"] });
    const rule = [
      "title: Connection to a jump host",
      "id: 0b7c9f31-7d6a-4c55-9d4e-5c0ffee0c0de",
      "logsource:",
      "  product: windows",
      "  category: network_connection",
      "detection:",
      "  selection:",
      "    DestinationIp|expand|cidr: '%jump_hosts%'",
      "  condition: selection",
      "level: low",
    ].join("\n");
    const res = await call("/api/v1/rules", { method: "POST", token: admin, json: { kind: "sigma", text: rule } });
    expect(res.status).toBe(201);
  });
});
