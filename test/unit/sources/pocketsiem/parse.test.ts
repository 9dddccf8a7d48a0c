import { describe, expect, it } from "vitest";
import { normalisePocketSiemSshLogin, normalisePocketSiemWinlog } from "../../../../worker/ingest/normalise.ts";
import body from "../../../fixtures/ingest/pocketsiem-winlog.json";
import { ctx, errorOf, eventOf } from "../helpers.ts";

function results(input: unknown) {
  const out = normalisePocketSiemWinlog(input, ctx);
  if ("error" in out) expect.fail(out.error);
  return out.results;
}

describe("PocketSIEM /winlog body", () => {
  it("turns every item of the five lists into one event, in list order", () => {
    const events = results(body).map(eventOf);
    expect(events.map((event) => [event.dataset, event.eventCode])).toEqual([
      ["windows.security", "4624"],
      ["windows.security", "4625"],
      ["windows.sysmon_operational", "1"],
      ["windows.sysmon_operational", "3"],
      ["windows.sysmon_operational", "3"],
      ["windows.sysmon_operational", "11"],
      ["windows.sysmon_operational", null],
    ]);
    expect(events.every((event) => event.source === "pocketsiem" && event.host === "PC01")).toBe(true);
  });

  it("maps logins to 4624, or to a failed 4625 when logon_type ends with 'failed'", () => {
    const [ok, failed] = results(body).map(eventOf);
    expect(ok).toMatchObject({
      ts: 1_700_000_000_000,
      category: "authentication",
      action: "logon",
      outcome: "success",
      user: "bob",
      process: "C:\\Windows\\System32\\lsass.exe",
    });
    expect(ok?.fields).toMatchObject({
      Channel: "Security",
      EventID: 4624,
      LogonType: 3,
      TargetUserName: "bob",
      Computer: "PC01",
    });
    expect(failed).toMatchObject({ eventCode: "4625", action: "logon_failed", outcome: "failure" });
    expect(failed?.fields.LogonType).toBe(3);
  });

  it("maps processes to Sysmon 1 with native field names, reading the wrapped MS-AJAX date", () => {
    const event = eventOf(results(body)[2] ?? expect.fail("no process"));
    expect(event).toMatchObject({
      ts: 1_700_000_002_000,
      category: "process",
      action: "process_creation",
      user: "PC01\\bob",
      process: "C:\\Windows\\System32\\whoami.exe",
      commandLine: "whoami /all",
      parentProcess: "C:\\Windows\\System32\\cmd.exe",
    });
    expect(event.fields).toEqual({
      Channel: "Microsoft-Windows-Sysmon/Operational",
      EventID: 1,
      Computer: "PC01",
      Image: "C:\\Windows\\System32\\whoami.exe",
      CommandLine: "whoami /all",
      ParentImage: "C:\\Windows\\System32\\cmd.exe",
      ParentCommandLine: "cmd.exe /c whoami /all",
      OriginalFileName: "whoami.exe",
      User: "PC01\\bob",
      Company: "Microsoft Corporation",
    });
    expect(event.raw).toBe(body.processes[0]);
  });

  it("splits nets' dest_ip into DestinationIp and DestinationHostname, IPv4 and IPv6", () => {
    const [v4, v6] = results(body).slice(3, 5).map(eventOf);
    expect(v4).toMatchObject({ action: "network_connection", dstIp: "93.184.216.34", dstPort: 443 });
    expect(v4?.fields).toMatchObject({
      DestinationIp: "93.184.216.34",
      DestinationHostname: "example.com",
      DestinationPort: 443,
    });
    expect(v6).toMatchObject({ dstIp: "2606:4700::1111" });
    expect(v6?.fields.DestinationHostname).toBe("one.one.one.one");
  });

  it("keeps a dest_ip without host name or without address whole in the right field", () => {
    const item = { date: "2024-01-02 03:04:05", host: "PC01", image: "x.exe", dest_port: "53" };
    const [bare, nameOnly] = results({
      nets: [
        { ...item, dest_ip: "10.0.0.1" },
        { ...item, dest_ip: "dns.local" },
      ],
    }).map(eventOf);
    expect(bare?.fields.DestinationIp).toBe("10.0.0.1");
    expect(bare?.fields.DestinationHostname).toBeUndefined();
    expect(nameOnly?.dstIp).toBeNull();
    expect(nameOnly?.fields.DestinationHostname).toBe("dns.local");
  });

  it("maps files to Sysmon 11 with TargetFilename and User", () => {
    const event = eventOf(results(body)[5] ?? expect.fail("no file"));
    expect(event).toMatchObject({ category: "file", action: "file_event", user: "PC01\\bob" });
    expect(event.fields).toMatchObject({
      TargetFilename: "C:\\Users\\Public\\a.exe",
      Image: "C:\\Windows\\System32\\curl.exe",
    });
  });

  it("maps events to Sysmon without a code, keeping the label as action and EventLabel", () => {
    const event = eventOf(results(body)[6] ?? expect.fail("no event"));
    expect(event).toMatchObject({
      eventCode: null,
      category: null,
      action: "Registry value set",
      process: "C:\\Windows\\regedit.exe",
    });
    expect(event.fields).toMatchObject({
      EventLabel: "Registry value set",
      Details: "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\evil",
    });
  });

  it("accepts ISO and 'YYYY-MM-DD HH:MM:SS' (UTC) dates from PowerShell 7 agents", () => {
    const item = { host: "PC01", osuser: "bob", logon_type: "2", process_name: "x" };
    const [iso, plain] = results({
      logins: [
        { ...item, date: "2024-01-02T03:04:05.123+01:00" },
        { ...item, date: "2024-01-02 03:04:05" },
      ],
    }).map(eventOf);
    expect(iso?.ts).toBe(Date.UTC(2024, 0, 2, 2, 4, 5, 123));
    expect(plain?.ts).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
  });

  it("rejects single items with an error naming the list and index, keeping the others", () => {
    const out = results({ logins: [body.logins[0], "oops", { host: "PC01" }, { date: "never" }] });
    expect(out.map((result) => result.ok)).toEqual([true, false, false, false]);
    expect(out.slice(1).map(errorOf)).toEqual([
      "logins[1] is not a JSON object",
      "logins[2]: no parsable timestamp (looked for date)",
      "logins[3]: timestamp 'never' in field 'date' is not a date",
    ]);
  });

  it("accepts a body with only some of the lists", () => {
    expect(results({ files: body.files, nets: null })).toHaveLength(1);
  });

  it("rejects a body that is not an object, has none of the lists, or has a list that is not a list", () => {
    expect(normalisePocketSiemWinlog([], ctx)).toEqual({ error: "winlog body is not a JSON object" });
    expect(normalisePocketSiemWinlog({ foo: [] }, ctx)).toEqual({
      error: "winlog body has none of the lists logins, processes, nets, files, events",
    });
    expect(normalisePocketSiemWinlog({ logins: [], nets: "x" }, ctx)).toEqual({
      error: "'nets' in the winlog body is not a list",
    });
  });
});

describe("PocketSIEM /sshlogin form", () => {
  const form = {
    date: "2024-01-02 03:04:05",
    host: "web1",
    osuser: " alice ",
    logon_type: "203.0.113.5",
    process_name: " Accepted password ",
  };

  it("reads the source address from logon_type and the result from process_name", () => {
    const event = eventOf(normalisePocketSiemSshLogin(form, ctx));
    expect(event).toMatchObject({
      ts: Date.UTC(2024, 0, 2, 3, 4, 5),
      host: "web1",
      source: "pocketsiem",
      dataset: "linux.auth",
      category: "authentication",
      action: "ssh_login",
      outcome: "success",
      user: "alice",
      srcIp: "203.0.113.5",
    });
    expect(event.fields).toEqual({
      user: "alice",
      "source.ip": "203.0.113.5",
      "ssh.result": "Accepted password",
      "ssh.method": "password",
    });
  });

  it("maps failed, invalid-user, invalid-credential and unknown results", () => {
    const outcome = (processName: string) => {
      const event = eventOf(normalisePocketSiemSshLogin({ ...form, process_name: processName }, ctx));
      return [event.action, event.outcome, event.fields["ssh.method"] ?? null];
    };
    expect(outcome(" Failed publickey ")).toEqual(["ssh_login", "failure", "publickey"]);
    expect(outcome("Invalid user")).toEqual(["ssh_invalid_user", "failure", null]);
    expect(outcome("Invalid credentials")).toEqual(["ssh_login", "failure", null]);
    expect(outcome("something else")).toEqual(["ssh_login", "unknown", null]);
  });

  it("keeps an IPv6 source and rejects a form without a date", () => {
    expect(eventOf(normalisePocketSiemSshLogin({ ...form, logon_type: "2001:db8::9" }, ctx)).srcIp).toBe("2001:db8::9");
    const { date: _d, ...undated } = form;
    expect(errorOf(normalisePocketSiemSshLogin(undated, ctx))).toBe("no parsable timestamp (looked for date)");
  });
});
