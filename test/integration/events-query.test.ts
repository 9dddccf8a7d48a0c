/**
 * The events query language (`q`) end to end: through GET /api/v1/events and /events/stats on the
 * real local D1, and straight against D1 to prove that hostile values and field names are bound,
 * never written into the SQL text.
 */
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { parseQuery } from "../../worker/search/query-parser.ts";
import { SEARCH_FIELDS } from "../../worker/sources/field-map.ts";
import { listEventsQuery } from "../../worker/store/event-queries.ts";
import { searchCondition } from "../../worker/store/event-search/search-condition.ts";
import { openStore } from "../../worker/store/handle.ts";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

const T0 = Date.parse("2026-11-23T08:00:00Z");
const SYSMON = "Microsoft-Windows-Sysmon/Operational";
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString().replace("T", " ").replace("Z", "");
const FROM = T0 - 3_600_000;
const TO = T0 + 3_600_000;

/** Each record carries a `Tag` so a test can name the events it expects. */
const RECORDS = [
  {
    Tag: "cmd",
    Channel: SYSMON,
    EventID: 1,
    Computer: "WS01",
    UtcTime: at(1),
    Image: "C:\\Windows\\System32\\cmd.exe",
    CommandLine: "cmd.exe /c whoami",
    ParentImage: "C:\\Windows\\explorer.exe",
    User: "CORP\\bob",
    Description: "Windows Command Processor",
    ProcessId: 1200,
  },
  {
    Tag: "powershell",
    Channel: SYSMON,
    EventID: 1,
    Computer: "WS01",
    UtcTime: at(2),
    Image: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
    CommandLine: "powershell -enc SQBFAFgA",
    ParentImage: "C:\\Windows\\System32\\cmd.exe",
    User: "CORP\\alice",
    ProcessId: 4242,
  },
  {
    Tag: "https",
    Channel: SYSMON,
    EventID: 3,
    Computer: "WS01",
    UtcTime: at(3),
    Image: "C:\\Program Files\\Google\\Chrome\\chrome.exe",
    DestinationIp: "198.51.100.23",
    DestinationPort: 443,
  },
  {
    Tag: "netcat",
    Channel: SYSMON,
    EventID: 3,
    Computer: "WS02",
    UtcTime: at(4),
    Image: "C:\\Tools\\nc.exe",
    DestinationIp: "203.0.113.9",
    DestinationPort: 8080,
  },
  {
    Tag: "logon",
    Channel: "Security",
    EventID: 4624,
    Computer: "DC01",
    TimeCreated: new Date(T0 + 5 * 60_000).toISOString(),
    TargetUserName: "alice",
    LogonType: "10",
    IpAddress: "192.0.2.44",
  },
  {
    Tag: "failed",
    Channel: "Security",
    EventID: 4625,
    Computer: "DC01",
    TimeCreated: new Date(T0 + 6 * 60_000).toISOString(),
    TargetUserName: "admin",
    LogonType: 3,
    IpAddress: "203.0.113.50",
  },
  {
    Tag: "file",
    Channel: SYSMON,
    EventID: 11,
    Computer: "WS02",
    UtcTime: at(7),
    Image: "C:\\Tools\\nc.exe",
    TargetFilename: `C:\\Temp\\it's "quoted" 100%_done.txt`,
  },
];

interface Page {
  events: { id: number; dataset: string; action: string | null; raw: { Tag: string } }[];
  next_cursor: string | null;
}

interface Stats {
  total: number;
  by_type: { dataset: string; action: string | null; count: number }[];
  histogram: { buckets: { ts: number; count: number }[] };
}

let admin: string;

beforeEach(async () => {
  admin = await login();
  const agent = await agentToken(admin, "loader");
  const res = await ingest(agent.token, JSON.stringify(RECORDS));
  expect(res.body.accepted).toBe(RECORDS.length);
});

function eventsUrl(query: string, extra = "") {
  return `/api/v1/events?from=${FROM}&to=${TO}&q=${encodeURIComponent(query)}${extra}`;
}

/** The tags of the events the query finds, newest first. */
async function tags(query: string, extra = ""): Promise<string[]> {
  const res = await call<Page>(eventsUrl(query, extra), { token: admin });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.events.map((event) => event.raw.Tag);
}

describe("q: fields", () => {
  it("finds a value by its native, ECS or column name alike", async () => {
    for (const field of ["Image", "process.executable", "process", "NewProcessName"]) {
      expect(await tags(`${field}:C:\\Windows\\System32\\cmd.exe`), field).toEqual(["cmd"]);
    }
    expect(await tags('CommandLine:"cmd.exe /c whoami"')).toEqual(["cmd"]);
    expect(await tags('process.command_line:"cmd.exe /c whoami"')).toEqual(["cmd"]);
  });

  it("ignores case in values", async () => {
    expect(await tags("image:c:\\windows\\system32\\CMD.EXE")).toEqual(["cmd"]);
  });

  it("reads native fields that are not columns from the raw record, text or JSON number", async () => {
    expect(await tags("LogonType:10")).toEqual(["logon"]);
    expect(await tags("LogonType:3")).toEqual(["failed"]);
    expect(await tags("ProcessId:4242")).toEqual(["powershell"]);
    expect(await tags("TargetUserName:ALICE")).toEqual(["logon"]);
  });

  it("resolves the detection field map's aliases: IpAddress is the source IP column", async () => {
    expect(await tags("source.ip:192.0.2.44")).toEqual(["logon"]);
    expect(await tags("IpAddress:192.0.2.44")).toEqual(["logon"]);
  });

  it("matches * wildcards, keeping LIKE's own % and _ literal", async () => {
    expect(await tags("Image:*\\nc.exe")).toEqual(["file", "netcat"]);
    expect(await tags("CommandLine:*whoami*")).toEqual(["cmd"]);
    expect(await tags("TargetFilename:*100%_done*")).toEqual(["file"]);
    expect(await tags("TargetFilename:*100__done*")).toEqual([]);
    expect(await tags("TargetFilename:*it's*")).toEqual(["file"]);
  });

  it("field:* finds the events that have the field", async () => {
    expect(await tags("ParentImage:*")).toEqual(["powershell", "cmd"]);
    expect(await tags("TargetFilename:*")).toEqual(["file"]);
  });
});

describe("q: boolean structure", () => {
  it("combines and, or, not and parentheses", async () => {
    expect(await tags("(EventID:4624 or EventID:4625) and not TargetUserName:admin")).toEqual(["logon"]);
    expect(await tags("host:WS01 EventID:1")).toEqual(["powershell", "cmd"]);
    expect(await tags("user.name:(CORP\\bob or CORP\\alice)")).toEqual(["powershell", "cmd"]);
  });

  it("not also keeps the events that lack the field, as in KQL", async () => {
    expect(await tags("not TargetUserName:admin")).toHaveLength(RECORDS.length - 1);
  });

  it("works alongside the other filters", async () => {
    expect(await tags("EventID:3", "&host=WS02")).toEqual(["netcat"]);
    expect(await tags("Image:*nc.exe", "&dataset=windows.sysmon_operational&action=file_event")).toEqual(["file"]);
  });
});

describe("q: ranges", () => {
  it("compares port columns as numbers", async () => {
    expect(await tags("destination.port >= 1024")).toEqual(["netcat"]);
    expect(await tags("DestinationPort < 1024")).toEqual(["https"]);
    expect(await tags("dst_port > 443 or dst_port <= 80")).toEqual(["netcat"]);
  });

  it("compares raw values as numbers whether stored as text or JSON numbers", async () => {
    expect(await tags("LogonType >= 5")).toEqual(["logon"]);
    expect(await tags("LogonType < 5")).toEqual(["failed"]);
    expect(await tags("ProcessId > 4000")).toEqual(["powershell"]);
  });

  it("takes dates for @timestamp", async () => {
    expect(await tags(`@timestamp >= "${new Date(T0 + 6 * 60_000).toISOString()}"`)).toEqual(["file", "failed"]);
  });
});

describe("q: free text", () => {
  it("finds words in any detail column", async () => {
    expect(await tags("whoami")).toEqual(["cmd"]);
    expect(await tags("SQBFAFgA")).toEqual(["powershell"]);
    expect(await tags("203.0.113.9")).toEqual(["netcat"]);
  });

  it("finds a phrase that only the raw record holds, and backslashes as typed", async () => {
    expect(await tags('"command processor"')).toEqual(["cmd"]);
    expect(await tags('"Temp\\it\'s \\"quoted\\""')).toEqual(["file"]);
    expect(await tags("Tools\\nc*")).toEqual(["file", "netcat"]);
  });
});

describe("q: errors", () => {
  it("answers a syntax error with 400, its message and its position, on the list and the stats", async () => {
    for (const path of ["/api/v1/events", "/api/v1/events/stats"]) {
      const res = await call<{ error: string; position: number }>(
        `${path}?from=${FROM}&to=${TO}&q=${encodeURIComponent('host:WS01 and user:"bob')}`,
        { token: admin },
      );
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: "this quote is never closed", position: 19 });
    }
  });

  it("points at a value the field cannot take", async () => {
    const res = await call<{ error: string; position: number }>(eventsUrl("EventID:1 and destination.port:https"), {
      token: admin,
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: "'destination.port' takes a whole number, not 'https'", position: 31 });
  });

  it("refuses a search that needs more values than D1 binds in one statement", async () => {
    const query = Array.from({ length: 20 }, (_, i) => `Field${i}:x`).join(" or ");
    const res = await call<{ error: string }>(eventsUrl(query), { token: admin });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/at most 100/);
  });
});

describe("stats with q", () => {
  it("counts by event type and draws the histogram of the matching events", async () => {
    const res = await call<Stats>(`/api/v1/events/stats?from=${FROM}&to=${TO}&q=EventID:3`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.by_type).toEqual([
      { dataset: "windows.sysmon_operational", action: "network_connection", count: 2 },
    ]);
    expect(res.body.histogram.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(2);
  });

  it("keeps counting every event type while one is selected", async () => {
    const res = await call<Stats>(
      `/api/v1/events/stats?from=${FROM}&to=${TO}&q=host:WS01&dataset=windows.sysmon_operational&action=process_creation`,
      { token: admin },
    );
    expect(res.body.total).toBe(2);
    expect(res.body.by_type).toEqual([
      { dataset: "windows.sysmon_operational", action: "process_creation", count: 2 },
      { dataset: "windows.sysmon_operational", action: "network_connection", count: 1 },
    ]);
  });
});

describe("injection", () => {
  const HOSTILE = [
    `user:"'; DROP TABLE events; --"`,
    `user:x' OR 1=1 --`,
    `Image:*' OR '1'='1`,
    `CommandLine:"\\" OR \\"\\"=\\""`,
    `x\\ --\\ DROP\\ TABLE\\ events:1`,
    `x\\ --\\ DROP\\ TABLE\\ events >= 1`,
    `x\\ --\\ DROP\\ TABLE\\ events:*`,
    `"'); DELETE FROM events; --"`,
    `ProcessId < "1) OR (1=1"`,
    `TargetUserName:(admin' OR 1=1 or "') UNION SELECT password_hash FROM users --")`,
  ];
  const MARKERS = [/DROP/i, /DELETE/i, /UNION/i, /1=1/, /'1'='1/, /--/, /""=/];

  it.each(HOSTILE)("binds every part of %s and never writes it into the SQL text", async (query) => {
    const statement = listEventsQuery(
      openStore(env.DB),
      searchCondition({ from: FROM, to: TO, terms: [] }, parseQuery(query), SEARCH_FIELDS),
      101,
    );
    const { sql, params } = statement.toSQL();
    for (const marker of MARKERS) expect(sql).not.toMatch(marker);
    expect(params.some((param) => MARKERS.some((marker) => marker.test(String(param))))).toBe(true);

    // Run on the real D1, straight and through the API: a harmless search that finds nothing.
    const direct = await env.DB.prepare(sql)
      .bind(...params)
      .all();
    expect(direct.results).toEqual([]);
    const res = await call<Page>(eventsUrl(query), { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.events).toEqual([]);

    const counts = await env.DB.prepare(
      "SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM users) AS users",
    ).first<{ events: number; users: number }>();
    expect(counts).toEqual({ events: RECORDS.length, users: 1 });
  });

  it("refuses field names that could break out of a JSON path, pointing at them", async () => {
    for (const query of ['a"b:1', "$.x:1", "a'b:1", "a;b >= 1"]) {
      expect(() => parseQuery(query), query).toThrow(/not a field name|never closed/);
      const res = await call<{ position: number }>(eventsUrl(query), { token: admin });
      expect(res.status, query).toBe(400);
      expect(typeof res.body.position).toBe("number");
    }
  });
});
