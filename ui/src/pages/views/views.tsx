/** Each quick view's title, what it shows and its columns (PocketSIEM's tabs, one per kind of event). */
import type { ComponentChildren } from "preact";
import type { EventRecord } from "../../api/events";
import type { Column } from "../../components/DataTable";
import { Time } from "../../components/Time";
import { basename, logonMethod, networkDetail, otherDetail, targetFilename } from "./raw-fields";
import type { QuickViewName } from "./view-api";

/** How a page draws the values of a row: the host as a link, other values with their menu. */
export interface CellKit {
  host(event: EventRecord): ComponentChildren;
  /** A value with "filter for / filter out / add to false-positive filter"; `display` shortens it. */
  value(field: string, value: string | null, display?: string): ComponentChildren;
}

export interface QuickViewConfig {
  title: string;
  description: string;
  columns(kit: CellKit): Column<EventRecord>[];
}

/** PocketSIEM's range switch: Today / Last week / Last month. */
export const VIEW_RANGES = ["today", "7d", "30d"] as const;

type Cols = Column<EventRecord>[];

const dateColumn: Column<EventRecord> = {
  id: "date",
  header: "Date",
  width: "11rem",
  cell: (e) => <Time value={e["@timestamp"]} />,
};

const hostColumn = (kit: CellKit): Column<EventRecord> => ({
  id: "host",
  header: "Host",
  width: "9rem",
  cell: (e) => kit.host(e),
});

const imageColumn = (kit: CellKit, header = "Image"): Column<EventRecord> => ({
  id: "image",
  header,
  width: "12rem",
  cell: (e) => kit.value("process.executable", e.process, e.process ? basename(e.process) : undefined),
});

const userColumn = (kit: CellKit): Column<EventRecord> => ({
  id: "user",
  header: "User",
  width: "10rem",
  cell: (e) => kit.value("user.name", e.user),
});

const text = (value: string | null) => (value === null ? <span class="muted">—</span> : value);

function outcome(e: EventRecord) {
  if (e.outcome === null) return <span class="muted">—</span>;
  return <span class={`badge outcome-${e.outcome}`}>{e.outcome}</span>;
}

export const QUICK_VIEW_CONFIGS: Record<QuickViewName, QuickViewConfig> = {
  logins: {
    title: "Logins",
    description: "Windows logons (4624, 4625, 4648) and SSH logins.",
    columns: (kit): Cols => [
      dateColumn,
      hostColumn(kit),
      userColumn(kit),
      { id: "source", header: "Source IP", width: "9rem", cell: (e) => kit.value("source.ip", e.src_ip) },
      {
        id: "method",
        header: "Logon type / method",
        cell: (e) => (
          <>
            <span class="muted">{e.event_code ?? "ssh"}</span> {text(logonMethod(e))}
          </>
        ),
      },
      { id: "outcome", header: "Outcome", width: "7rem", cell: outcome },
    ],
  },
  processes: {
    title: "Processes",
    description: "Process starts: Sysmon event 1 and Security event 4688.",
    columns: (kit): Cols => [
      dateColumn,
      hostColumn(kit),
      imageColumn(kit),
      { id: "command", header: "Command line", class: "mono wrap", cell: (e) => text(e.command_line) },
      {
        id: "parent",
        header: "Parent",
        width: "10rem",
        cell: (e) =>
          kit.value(
            "process.parent.executable",
            e.parent_process,
            e.parent_process ? basename(e.parent_process) : undefined,
          ),
      },
      userColumn(kit),
    ],
  },
  files: {
    title: "Files",
    description: "Files created: Sysmon event 11.",
    columns: (kit): Cols => [
      dateColumn,
      hostColumn(kit),
      imageColumn(kit),
      {
        id: "target",
        header: "Target filename",
        class: "mono wrap",
        cell: (e) => kit.value("TargetFilename", targetFilename(e)),
      },
      userColumn(kit),
    ],
  },
  network: {
    title: "Network",
    description: "Connections: Sysmon event 3 and Zeek conn, http and dns logs.",
    columns: (kit): Cols => [
      dateColumn,
      hostColumn(kit),
      imageColumn(kit),
      {
        id: "destination",
        header: "Destination",
        width: "13rem",
        cell: (e) => (
          <>
            {kit.value("destination.ip", e.dst_ip)}
            {e.dst_port !== null && <span class="muted">:{e.dst_port}</span>}
          </>
        ),
      },
      { id: "detail", header: "Protocol / query / URI", class: "mono wrap", cell: (e) => text(networkDetail(e)) },
    ],
  },
  other: {
    title: "Other events",
    description: "Every event the other views do not show.",
    columns: (kit): Cols => [
      dateColumn,
      hostColumn(kit),
      {
        id: "type",
        header: "Type",
        width: "13rem",
        cell: (e) => (
          <>
            {e.dataset}
            {e.event_code !== null && <span class="muted"> · {e.event_code}</span>}
          </>
        ),
      },
      imageColumn(kit),
      userColumn(kit),
      {
        id: "detail",
        header: "Details",
        class: "mono wrap",
        cell: (e) => text(otherDetail(e)),
      },
    ],
  },
};
