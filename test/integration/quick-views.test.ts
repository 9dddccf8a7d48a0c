import { beforeEach, describe, expect, it } from "vitest";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

const T0 = Date.parse("2026-11-23T08:00:00Z");
const SYSMON = "Microsoft-Windows-Sysmon/Operational";
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString().replace("T", " ").replace("Z", "");
const range = `from=${T0 - 3_600_000}&to=${T0 + 3_600_000}`;

const RECORDS = [
  {
    Channel: SYSMON,
    EventID: 1,
    Computer: "WS01",
    UtcTime: at(1),
    Image: "C:\\Windows\\System32\\whoami.exe",
    CommandLine: "whoami /all",
    User: "CORP\\bob",
  },
  {
    Channel: SYSMON,
    EventID: 1,
    Computer: "WS02",
    UtcTime: at(2),
    Image: "C:\\Tools\\psexec.exe",
    CommandLine: "psexec \\\\dc01 cmd",
    User: "CORP\\alice",
  },
  {
    Channel: "Security",
    EventID: 4688,
    Computer: "WS03",
    TimeCreated: new Date(T0 + 3 * 60_000).toISOString(),
    NewProcessName: "C:\\Windows\\System32\\net.exe",
    SubjectUserName: "carol",
  },
  {
    Channel: "Security",
    EventID: 4624,
    Computer: "DC01",
    TimeCreated: new Date(T0 + 4 * 60_000).toISOString(),
    TargetUserName: "alice",
    LogonType: "10",
    IpAddress: "192.0.2.44",
  },
  {
    Channel: SYSMON,
    EventID: 11,
    Computer: "WS01",
    UtcTime: at(5),
    Image: "C:\\x.exe",
    TargetFilename: "C:\\Temp\\drop.ps1",
  },
  {
    Channel: SYSMON,
    EventID: 3,
    Computer: "WS01",
    UtcTime: at(6),
    Image: "C:\\Windows\\System32\\whoami.exe",
    DestinationIp: "198.51.100.23",
    DestinationPort: 443,
  },
  {
    _path: "conn",
    ts: (T0 + 7 * 60_000) / 1000,
    uid: "Cq1",
    "id.orig_h": "10.0.0.5",
    "id.orig_p": 50_000,
    "id.resp_h": "203.0.113.9",
    "id.resp_p": 53,
    proto: "udp",
  },
  {
    message: "Nov 23 08:08:00 web1 sshd[2001]: Accepted publickey for deploy from 10.20.0.5 port 40000 ssh2",
    host: "web1",
    "@timestamp": new Date(T0 + 8 * 60_000).toISOString(),
  },
  { Channel: SYSMON, EventID: 13, Computer: "WS01", UtcTime: at(9), Image: "C:\\Windows\\regedit.exe" },
  { dataset: "custom.app", timestamp: new Date(T0 + 10 * 60_000).toISOString(), host: "app1", message: "hello" },
];

interface Page {
  events: { host: string; process: string | null; user: string | null; dataset: string; event_code: string | null }[];
  next_cursor: string | null;
}

let admin: string;

async function events(query: string) {
  const res = await call<Page>(`/api/v1/events?${range}&${query}`, { token: admin });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.events;
}

async function total(query: string) {
  const res = await call<{ total: number }>(`/api/v1/events/stats?${range}&${query}`, { token: admin });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.total;
}

async function addException(body: Record<string, string>) {
  const res = await call("/api/v1/exceptions", { method: "POST", token: admin, json: body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

beforeEach(async () => {
  admin = await login();
  const agent = await agentToken(admin, "loader");
  const res = await ingest(agent.token, JSON.stringify(RECORDS));
  expect(res.body.accepted).toBe(RECORDS.length);
});

describe("quick views on GET /events", () => {
  it("shows each view its own events, and 'other' everything no view claims", async () => {
    const hostsOf = async (view: string) => (await events(`view=${view}`)).map((e) => e.host).sort();
    expect(await hostsOf("logins")).toEqual(["DC01", "web1"]);
    expect(await hostsOf("processes")).toEqual(["WS01", "WS02", "WS03"]);
    expect(await hostsOf("files")).toEqual(["WS01"]);
    expect((await events("view=network")).map((e) => e.dataset).sort()).toEqual([
      "windows.sysmon_operational",
      "zeek.conn",
    ]);
    expect((await events("view=other")).map((e) => e.dataset).sort()).toEqual([
      "custom.app",
      "windows.sysmon_operational",
    ]);
    const totals = await Promise.all(
      ["logins", "processes", "files", "network", "other"].map((v) => total(`view=${v}`)),
    );
    expect(totals).toEqual([2, 3, 1, 2, 2]);
    expect(totals.reduce((a, b) => a + b)).toBe(await total(""));
  });

  it("narrows a view by free text over its columns and the raw record, ignoring case", async () => {
    expect((await events("view=processes&text=PSEXEC")).map((e) => e.host)).toEqual(["WS02"]);
    expect((await events("view=files&text=drop.ps1")).map((e) => e.host)).toEqual(["WS01"]);
    expect(await events("view=processes&text=psexec%20whoami")).toEqual([]);
    expect(await total("view=processes&text=100%25")).toBe(0);
    expect(await total(`view=processes&text=${"psexec".repeat(20)}`)).toBe(0);
  });

  it("leaves out 'filter out' values but keeps events that lack the field", async () => {
    const left = await events(`exclude=${encodeURIComponent("user.name:corp\\BOB")}`);
    expect(left.some((e) => e.user === "CORP\\bob")).toBe(false);
    expect(left.some((e) => e.user === null)).toBe(true);
    expect(left).toHaveLength(RECORDS.length - 1);
  });

  it("rejects an unknown view or exceptions mode with 400", async () => {
    expect((await call(`/api/v1/events?${range}&view=hosts`, { token: admin })).status).toBe(400);
    expect((await call(`/api/v1/events/stats?${range}&exceptions=maybe`, { token: admin })).status).toBe(400);
  });
});

describe("exceptions=hide", () => {
  it("hides events matching a global exception in lists and totals, ignoring case", async () => {
    await addException({ field: "process.executable", value: "c:\\windows\\system32\\WHOAMI.EXE" });
    const shown = await events("view=processes");
    expect(shown).toHaveLength(3);
    const hidden = await events("view=processes&exceptions=hide");
    expect(hidden.map((e) => e.host).sort()).toEqual(["WS02", "WS03"]);
    expect(await total("exceptions=hide")).toBe(RECORDS.length - 2);
    expect(await total("exceptions=show")).toBe(RECORDS.length);
  });

  it("resolves native names to columns and other fields to the raw record", async () => {
    await addException({ field: "DestinationIp", value: "198.51.100.23" });
    await addException({ field: "TargetFilename", value: "c:\\temp\\DROP.ps1" });
    await addException({ field: "destination.port", value: "53" });
    expect(await total("view=network&exceptions=hide")).toBe(0);
    expect(await total("view=files&exceptions=hide")).toBe(0);
    expect(await total("view=processes&exceptions=hide")).toBe(3);
  });

  it("does not hide events for an exception scoped to one rule", async () => {
    await addException({ field: "user.name", value: "alice", rule_id: "some-rule" });
    expect(await total("exceptions=hide")).toBe(RECORDS.length);
  });

  it("binds exception values as data, so SQL in a value matches nothing", async () => {
    await addException({ field: "user.name", value: "' OR '1'='1" });
    await addException({ field: "Image", value: "x') OR 1=1 --" });
    expect(await total("exceptions=hide")).toBe(RECORDS.length);
  });
});

interface Submissions {
  submissions: {
    id: string;
    received_at: string;
    hosts: string[];
    accepted: number;
    rejected: number;
    status: string;
    token_name: string | null;
  }[];
  total: number;
  next_cursor: string | null;
}

describe("GET /submissions", () => {
  async function list(query = "") {
    const res = await call<Submissions>(`/api/v1/submissions?${query}`, { token: admin });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }

  beforeEach(async () => {
    const agent = await agentToken(admin, "linux-fleet");
    await new Promise((resolve) => setTimeout(resolve, 5));
    const batch = { batch_id: "batch-linux-1", events: [RECORDS[7], { nonsense: true }] };
    const res = await ingest(agent.token, JSON.stringify(batch));
    expect(res.body).toMatchObject({ accepted: 1, status: "stored" });
  });

  it("lists every batch newest first with its hosts, counts, status and token name", async () => {
    const { submissions, total } = await list();
    expect(total).toBe(2);
    expect(submissions[0]).toMatchObject({
      id: "batch-linux-1",
      hosts: ["web1"],
      accepted: 1,
      rejected: 1,
      status: "stored",
      token_name: "linux-fleet",
    });
    expect(submissions[1]).toMatchObject({ accepted: RECORDS.length, rejected: 0, token_name: "loader" });
    expect(submissions[1]?.hosts.sort()).toEqual(["DC01", "WS01", "WS02", "WS03", "app1", "web1"].sort());
  });

  it("pages with the cursor and keeps the total of the whole filter", async () => {
    const first = await list("limit=1");
    expect(first.total).toBe(2);
    expect(first.next_cursor).not.toBeNull();
    const second = await list(`limit=1&cursor=${encodeURIComponent(first.next_cursor ?? "")}`);
    expect(second.submissions.map((s) => s.token_name)).toEqual(["loader"]);
    expect(second.next_cursor).toBeNull();
  });

  it("filters by host, by free text and by time range", async () => {
    expect((await list("host=DC01")).submissions.map((s) => s.token_name)).toEqual(["loader"]);
    expect((await list("host=web1")).total).toBe(2);
    expect((await list("text=FLEET")).submissions.map((s) => s.id)).toEqual(["batch-linux-1"]);
    expect((await list(`from=${Date.now() - 7 * 86_400_000}&to=${Date.now() - 86_400_000}`)).total).toBe(0);
  });

  it("filters by free text longer than D1's LIKE pattern limit, % and _ taken literally", async () => {
    const long = `batch-linux-1${"x".repeat(60)}`;
    expect((await list(`text=${encodeURIComponent("batch-linux-1".repeat(5))}`)).total).toBe(0);
    expect((await list(`text=${long}`)).total).toBe(0);
    expect((await list("text=batch_linux%")).total).toBe(0);
    expect((await list("text=BATCH-LINUX")).submissions.map((s) => s.id)).toEqual(["batch-linux-1"]);
  });

  it("refuses a bad cursor and an anonymous caller", async () => {
    expect((await call("/api/v1/submissions?cursor=%%%", { token: admin })).status).toBe(400);
    expect((await call("/api/v1/submissions")).status).toBe(401);
  });
});
