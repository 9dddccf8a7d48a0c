/**
 * An alert's context, built from the host's events around it: the process tree (parent → child →
 * grandchild, linked by process GUIDs where the log has them, else by process ids) and a timeline
 * of the events grouped into lanes by what they are. Pure: the route reads the events.
 */
import { createEventView } from "../detect/event-view.ts";
import type { FieldValue, NormalisedEvent } from "../model/event.ts";
import { iso } from "../model/iso-time.ts";
import type { ProcessNode } from "../model/wire/alerts.ts";
import { FIELD_MAP } from "../sources/field-map.ts";
import { fieldText } from "./key-fields.ts";

/** How an event names its process and that process's parent. */
export interface ProcessRef {
  guid: string | null;
  pid: string | null;
  parentGuid: string | null;
  parentPid: string | null;
  parentCommandLine: string | null;
}

/** One of the host's events, reduced to what the context shows. */
export interface ContextEvent {
  id: number;
  ts: number;
  dataset: string;
  eventCode: string | null;
  action: string | null;
  process: string | null;
  commandLine: string | null;
  parentProcess: string | null;
  user: string | null;
  /** True when the event records a process being started (Sysmon 1, Security 4688, ECS start/exec). */
  startsProcess: boolean;
  ref: ProcessRef;
}

export interface ProcessTree {
  /** The tree holding the focus process when there is one; otherwise every tree in the window. */
  roots: ProcessNode[];
  /** Key of the alert's own process, when its event names one. */
  focus: string | null;
  /** Nodes left out beyond MAX_TREE_NODES. */
  truncated: boolean;
}

export interface TimelinePoint {
  id: number;
  ts: string;
  /** What the point shows on hover: the process or command, else the dataset and code. */
  summary: string;
  matched: boolean;
}

export interface TimelineLane {
  label: string;
  count: number;
  points: TimelinePoint[];
}

export const MAX_TREE_NODES = 200;
/** Lanes beyond this many are merged into "other", so the picture stays readable. */
export const MAX_LANES = 8;

const PROCESS_START_ACTIONS = new Set(["process_creation", "start", "exec", "process_started"]);

function text(value: FieldValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  const result = fieldText(value).trim();
  return result === "" ? null : result;
}

/** Process GUIDs are written in braces and either case depending on the tool; one spelling each. */
function normaliseGuid(value: string | null): string | null {
  return value === null ? null : value.replace(/^\{|\}$/g, "").toLowerCase();
}

function processRef(event: NormalisedEvent): ProcessRef {
  const view = createEventView(event, FIELD_MAP);
  const get = (...names: string[]) => {
    for (const name of names) {
      const value = text(view.get(name));
      if (value !== null) return value;
    }
    return null;
  };
  // Security 4688 names the new process NewProcessId and its creator ProcessId.
  const newPid = get("NewProcessId");
  return {
    guid: normaliseGuid(get("ProcessGuid", "process.entity_id")),
    pid: newPid ?? get("ProcessId"),
    parentGuid: normaliseGuid(get("ParentProcessGuid", "process.parent.entity_id")),
    parentPid: newPid === null ? get("ParentProcessId") : get("ProcessId"),
    parentCommandLine: get("ParentCommandLine"),
  };
}

export function contextEvent(id: number, event: NormalisedEvent): ContextEvent {
  return {
    id,
    ts: event.ts,
    dataset: event.dataset,
    eventCode: event.eventCode,
    action: event.action,
    process: event.process,
    commandLine: event.commandLine,
    parentProcess: event.parentProcess,
    user: event.user,
    startsProcess: event.action !== null && PROCESS_START_ACTIONS.has(event.action),
    ref: processRef(event),
  };
}

function selfKey(ref: ProcessRef): string | null {
  if (ref.guid !== null) return `guid:${ref.guid}`;
  return ref.pid === null ? null : `pid:${ref.pid}`;
}

function parentKey(ref: ProcessRef): string | null {
  if (ref.parentGuid !== null) return `guid:${ref.parentGuid}`;
  return ref.parentPid === null ? null : `pid:${ref.parentPid}`;
}

interface Draft {
  node: ProcessNode;
  parent: string | null;
}

function draftNode(key: string, fields: Partial<ProcessNode>): ProcessNode {
  return {
    key,
    guid: null,
    pid: null,
    image: null,
    command_line: null,
    user: null,
    started_at: null,
    event_id: null,
    inferred: true,
    activity: 0,
    children: [],
    ...fields,
  };
}

function collectNodes(events: readonly ContextEvent[]): Map<string, Draft> {
  const drafts = new Map<string, Draft>();
  const ordered = [...events].sort((a, b) => a.ts - b.ts || a.id - b.id);
  // Start events first: they are the authority on a process; a repeat of the same start is ignored.
  for (const event of ordered) {
    const key = selfKey(event.ref);
    if (!event.startsProcess || key === null || drafts.has(key)) continue;
    drafts.set(key, {
      parent: parentKey(event.ref),
      node: draftNode(key, {
        guid: event.ref.guid,
        pid: event.ref.pid,
        image: event.process,
        command_line: event.commandLine,
        user: event.user,
        started_at: iso(event.ts),
        event_id: event.id,
        inferred: false,
      }),
    });
  }
  for (const event of ordered) {
    const key = selfKey(event.ref);
    if (key === null) continue;
    const parent = parentKey(event.ref);
    if (!event.startsProcess) {
      const known = drafts.get(key);
      if (known) known.node.activity += 1;
      else {
        const node = draftNode(key, { guid: event.ref.guid, pid: event.ref.pid, image: event.process, activity: 1 });
        drafts.set(key, { parent, node });
      }
    }
    if (parent !== null && !drafts.has(parent)) {
      drafts.set(parent, {
        parent: null,
        node: draftNode(parent, {
          guid: event.ref.parentGuid,
          pid: event.ref.parentPid,
          image: event.parentProcess,
          command_line: event.ref.parentCommandLine,
        }),
      });
    }
  }
  return drafts;
}

function byStart(a: ProcessNode, b: ProcessNode): number {
  const at = a.started_at ?? "";
  const bt = b.started_at ?? "";
  return at < bt ? -1 : at > bt ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * The process trees of the events. `focusEventId` is the alert's event: the tree holding its process
 * is the one returned. Process ids can be reused, so a link that would close a cycle is dropped.
 */
export function buildProcessTree(events: readonly ContextEvent[], focusEventId: number | null): ProcessTree {
  const drafts = collectNodes(events);
  const attached = new Set<string>();
  const parentOf = new Map<string, string>();
  for (const [key, draft] of drafts) {
    const parent = draft.parent;
    if (parent === null || parent === key || !drafts.has(parent)) continue;
    let ancestor: string | undefined = parent;
    while (ancestor !== undefined && ancestor !== key) ancestor = parentOf.get(ancestor);
    if (ancestor === key) continue;
    parentOf.set(key, parent);
    attached.add(key);
  }
  for (const [key, parent] of parentOf) {
    const child = drafts.get(key)?.node;
    if (child) drafts.get(parent)?.node.children.push(child);
  }
  for (const draft of drafts.values()) draft.node.children.sort(byStart);

  const focusEvent = events.find((event) => event.id === focusEventId);
  const focusKey = focusEvent ? selfKey(focusEvent.ref) : null;
  const focus = focusKey !== null && drafts.has(focusKey) ? focusKey : null;
  let roots: ProcessNode[];
  if (focus !== null) {
    let top = focus;
    for (let up = parentOf.get(top); up !== undefined; up = parentOf.get(top)) top = up;
    const root = drafts.get(top)?.node;
    roots = root ? [root] : [];
  } else {
    roots = [...drafts.entries()].filter(([key]) => !attached.has(key)).map(([, draft]) => draft.node);
    roots.sort(byStart);
  }
  return capNodes(roots, focus);
}

/** Keeps the first MAX_TREE_NODES nodes breadth-first, so the upper levels always show. */
function capNodes(roots: readonly ProcessNode[], focus: string | null): ProcessTree {
  const kept: ProcessNode[] = [];
  const queue = roots.map((node) => ({ node, into: kept }));
  let index = 0;
  for (; index < queue.length && index < MAX_TREE_NODES; index++) {
    const item = queue[index];
    if (item === undefined) break;
    const copy: ProcessNode = { ...item.node, children: [] };
    item.into.push(copy);
    for (const child of item.node.children) queue.push({ node: child, into: copy.children });
  }
  return { roots: kept, focus, truncated: index < queue.length };
}

function laneLabel(event: ContextEvent): string {
  if (event.action !== null) return event.action;
  return event.eventCode === null ? event.dataset : `${event.dataset} ${event.eventCode}`;
}

function summary(event: ContextEvent): string {
  return event.commandLine ?? event.process ?? laneLabel(event);
}

/** The events as lanes (busiest first, the rest merged into "other"), each lane's points oldest first. */
export function buildTimeline(events: readonly ContextEvent[], matched: ReadonlySet<number>): TimelineLane[] {
  const lanes = new Map<string, ContextEvent[]>();
  for (const event of events) {
    const label = laneLabel(event);
    const lane = lanes.get(label);
    if (lane) lane.push(event);
    else lanes.set(label, [event]);
  }
  const ordered = [...lanes.entries()].sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : 1));
  const shown = ordered.slice(0, ordered.length > MAX_LANES ? MAX_LANES - 1 : MAX_LANES);
  const rest = ordered.slice(shown.length).flatMap(([, list]) => list);
  if (rest.length > 0) shown.push(["other", rest]);
  return shown.map(([label, list]) => ({
    label,
    count: list.length,
    points: [...list]
      .sort((a, b) => a.ts - b.ts || a.id - b.id)
      .map((event) => ({
        id: event.id,
        ts: iso(event.ts),
        summary: summary(event),
        matched: matched.has(event.id),
      })),
  }));
}
