import { describe, expect, it } from "vitest";
import {
  buildProcessTree,
  buildTimeline,
  type ContextEvent,
  contextEvent,
  MAX_LANES,
  MAX_TREE_NODES,
} from "../../../worker/alerts/context.ts";
import type { ProcessNode } from "../../../worker/model/wire/alerts.ts";
import { prepared, T0 } from "../../support/workers/alert-events.ts";

const utc = (ts: number) => new Date(ts).toISOString().replace("T", " ").replace("Z", "");

function sysmon(eventId: number, second: number, fields: Record<string, unknown>) {
  return {
    Channel: "Microsoft-Windows-Sysmon/Operational",
    EventID: eventId,
    Computer: "WS01",
    UtcTime: utc(T0 + second * 1000),
    ...fields,
  };
}

function contextOf(records: unknown[]): ContextEvent[] {
  return prepared(records).map((p) => contextEvent(p.index + 1, p.event));
}

/** A process start event reduced by hand, for the tree's linking rules alone. */
function start(id: number, pid: string, parentPid: string | null, image = `p${pid}.exe`): ContextEvent {
  return {
    id,
    ts: T0 + id,
    dataset: "windows.sysmon_operational",
    eventCode: "1",
    action: "process_creation",
    process: image,
    commandLine: null,
    parentProcess: parentPid === null ? null : `p${parentPid}.exe`,
    user: null,
    startsProcess: true,
    ref: { guid: null, pid, parentGuid: null, parentPid, parentCommandLine: null },
  };
}

const shape = (node: ProcessNode): unknown => [node.image, node.children.map(shape)];

describe("contextEvent", () => {
  it("reads Sysmon process GUIDs in one spelling, without braces and in lower case", () => {
    const [event] = contextOf([
      sysmon(1, 0, {
        Image: "C:\\a.exe",
        ProcessGuid: "{ABCD-0001}",
        ProcessId: 10,
        ParentProcessGuid: "{abcd-0000}",
        ParentProcessId: 9,
        ParentCommandLine: "parent.exe /x",
      }),
    ]);
    expect(event?.startsProcess).toBe(true);
    expect(event?.ref).toEqual({
      guid: "abcd-0001",
      pid: "10",
      parentGuid: "abcd-0000",
      parentPid: "9",
      parentCommandLine: "parent.exe /x",
    });
  });

  it("reads a Security 4688's new process id as the process and its ProcessId as the parent", () => {
    const [event] = contextOf([
      {
        Channel: "Security",
        EventID: 4688,
        Computer: "WS01",
        TimeCreated: new Date(T0).toISOString(),
        NewProcessName: "C:\\Windows\\System32\\whoami.exe",
        NewProcessId: "0x1a4",
        ProcessId: "0x100",
        ParentProcessName: "C:\\Windows\\System32\\cmd.exe",
      },
    ]);
    expect(event?.ref).toMatchObject({ pid: "0x1a4", parentPid: "0x100", guid: null, parentGuid: null });
    expect(event?.startsProcess).toBe(true);
  });

  it("marks events other than process starts as activity, not starts", () => {
    const [event] = contextOf([sysmon(3, 0, { Image: "C:\\a.exe", ProcessGuid: "{g}", DestinationIp: "10.0.0.1" })]);
    expect(event?.startsProcess).toBe(false);
    expect(event?.ref.guid).toBe("g");
  });
});

describe("buildProcessTree", () => {
  it("links parent → child → grandchild by GUID and infers the parent seen only in a child's fields", () => {
    const events = contextOf([
      sysmon(1, 0, {
        Image: "C:\\cmd.exe",
        ProcessGuid: "{c}",
        ParentProcessGuid: "{e}",
        ParentImage: "C:\\explorer.exe",
        ParentCommandLine: "explorer.exe",
      }),
      sysmon(1, 1, { Image: "C:\\powershell.exe", ProcessGuid: "{p}", ParentProcessGuid: "{C}" }),
      sysmon(1, 2, { Image: "C:\\whoami.exe", ProcessGuid: "{w}", ParentProcessGuid: "{p}" }),
      sysmon(3, 3, { Image: "C:\\powershell.exe", ProcessGuid: "{p}", DestinationIp: "10.0.0.1" }),
    ]);
    const tree = buildProcessTree(events, 2);
    expect(tree.roots.map(shape)).toEqual([
      ["C:\\explorer.exe", [["C:\\cmd.exe", [["C:\\powershell.exe", [["C:\\whoami.exe", []]]]]]]],
    ]);
    const explorer = tree.roots[0];
    expect(explorer).toMatchObject({ inferred: true, command_line: "explorer.exe", event_id: null });
    const powershell = explorer?.children[0]?.children[0];
    expect(powershell).toMatchObject({ key: "guid:p", inferred: false, activity: 1, event_id: 2 });
    expect(tree.focus).toBe("guid:p");
  });

  it("falls back to process ids when the log has no GUIDs", () => {
    const tree = buildProcessTree([start(1, "10", null), start(2, "11", "10"), start(3, "12", "11")], 3);
    expect(tree.roots.map(shape)).toEqual([["p10.exe", [["p11.exe", [["p12.exe", []]]]]]]);
  });

  it("returns only the tree holding the alert's process, or every tree when there is no focus", () => {
    const events = [start(1, "10", null), start(2, "11", "10"), start(3, "20", null), start(4, "21", "20")];
    expect(buildProcessTree(events, 4).roots.map((root) => root.image)).toEqual(["p20.exe"]);
    const all = buildProcessTree(events, null);
    expect(all.roots.map((root) => root.image)).toEqual(["p10.exe", "p20.exe"]);
    expect(all.focus).toBeNull();
  });

  it("drops the link that would close a cycle when process ids were reused", () => {
    const tree = buildProcessTree([start(1, "10", "11"), start(2, "11", "10")], null);
    expect(tree.roots.map(shape)).toEqual([["p11.exe", [["p10.exe", []]]]]);
  });

  it("keeps the upper levels and says so when the tree has more than MAX_TREE_NODES nodes", () => {
    const children = Array.from({ length: MAX_TREE_NODES + 10 }, (_, i) => start(i + 2, String(100 + i), "1"));
    const tree = buildProcessTree([start(1, "1", null), ...children], 1);
    expect(tree.truncated).toBe(true);
    expect(tree.roots[0]?.children).toHaveLength(MAX_TREE_NODES - 1);
  });
});

describe("buildTimeline", () => {
  it("groups events into lanes by action, busiest first, points oldest first with the alert's marked", () => {
    const events = contextOf([
      sysmon(1, 5, { Image: "C:\\b.exe", CommandLine: "b.exe /run" }),
      sysmon(1, 1, { Image: "C:\\a.exe" }),
      sysmon(3, 2, { Image: "C:\\a.exe", DestinationIp: "10.0.0.1" }),
    ]);
    const lanes = buildTimeline(events, new Set([1]));
    expect(lanes.map((lane) => [lane.label, lane.count])).toEqual([
      ["process_creation", 2],
      ["network_connection", 1],
    ]);
    expect(lanes[0]?.points).toEqual([
      { id: 2, ts: new Date(T0 + 1000).toISOString(), summary: "C:\\a.exe", matched: false },
      { id: 1, ts: new Date(T0 + 5000).toISOString(), summary: "b.exe /run", matched: true },
    ]);
  });

  it("merges the quietest kinds into one 'other' lane so the picture keeps MAX_LANES lanes", () => {
    const events = Array.from({ length: MAX_LANES + 3 }, (_, i) => ({
      ...start(i + 1, String(i), null),
      action: `a${i}`,
    }));
    const lanes = buildTimeline(events, new Set());
    expect(lanes).toHaveLength(MAX_LANES);
    expect(lanes[MAX_LANES - 1]).toMatchObject({ label: "other", count: 4 });
  });
});
