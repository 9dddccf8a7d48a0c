/**
 * The process tree around an alert as an SVG picture: one box per process, indented under its
 * parent, the alert's own process highlighted and processes known only from their children dashed.
 * Every label is an SVG text node: log values are never markup.
 */
import type { AlertContext, ProcessNode } from "../../api/alerts";
import { navigate } from "../../router";
import { formatAbsolute } from "../../time";
import { eventHref } from "./links";
import { baseName, layoutTree, shorten } from "./tree-layout";

const ROW = 52;
const INDENT = 34;
const BOX_WIDTH = 470;
const BOX_HEIGHT = 42;
const PAD = 8;

function describe(node: ProcessNode): string {
  const lines = [
    node.image ?? "unknown image",
    node.command_line ? `Command line: ${node.command_line}` : "",
    node.pid ? `Process id: ${node.pid}` : "",
    node.user ? `User: ${node.user}` : "",
    node.started_at ? `Started: ${formatAbsolute(node.started_at)}` : "Start not seen in this window",
    node.activity > 0 ? `Other events: ${node.activity}` : "",
  ];
  return lines.filter((line) => line !== "").join("\n");
}

function lineage(roots: readonly ProcessNode[], focus: string | null): string {
  const path: string[] = [];
  const find = (node: ProcessNode): boolean => {
    path.push(baseName(node.image));
    if (node.key === focus || node.children.some(find)) return true;
    path.pop();
    return false;
  };
  roots.some(find);
  return path.join(" → ");
}

export function ProcessTreeChart({ tree }: { tree: AlertContext["tree"] }) {
  const placed = layoutTree(tree.roots);
  if (placed.length === 0) {
    return <p class="muted">No process events name a process in this window.</p>;
  }
  const depth = Math.max(...placed.map((p) => p.depth));
  const width = PAD * 2 + depth * INDENT + BOX_WIDTH;
  const height = PAD * 2 + placed.length * ROW - (ROW - BOX_HEIGHT);
  const path = lineage(tree.roots, tree.focus);
  return (
    <div class="process-tree">
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={path ? `Process tree: ${path}` : "Process tree"}
      >
        {placed.map(({ depth: d, row, parentRow }) => {
          if (parentRow === null) return null;
          const x0 = PAD + (d - 1) * INDENT + 14;
          const y0 = PAD + parentRow * ROW + BOX_HEIGHT;
          const x1 = PAD + d * INDENT;
          const y1 = PAD + row * ROW + BOX_HEIGHT / 2;
          return <path key={`edge-${row}`} class="tree-edge" d={`M${x0},${y0} V${y1} H${x1}`} />;
        })}
        {placed.map(({ node, depth: d, row }) => {
          const x = PAD + d * INDENT;
          const y = PAD + row * ROW;
          const classes = ["tree-node", node.key === tree.focus ? "focus" : "", node.inferred ? "inferred" : ""];
          const body = (
            <>
              <title>{describe(node)}</title>
              <rect x={x} y={y} width={BOX_WIDTH} height={BOX_HEIGHT} rx={6} />
              <text x={x + 10} y={y + 17} class="tree-name">
                {baseName(node.image)}
                {node.pid && <tspan class="tree-meta"> · pid {node.pid}</tspan>}
                {node.user && <tspan class="tree-meta"> · {shorten(node.user, 24)}</tspan>}
                {node.activity > 0 && (
                  <tspan class="tree-meta">
                    {" "}
                    · +{node.activity} event{node.activity === 1 ? "" : "s"}
                  </tspan>
                )}
              </text>
              <text x={x + 10} y={y + 33} class="tree-command">
                {shorten(node.command_line ?? (node.inferred ? "(start not in this window)" : ""), 66)}
              </text>
            </>
          );
          const eventId = node.event_id;
          return eventId === null ? (
            <g key={node.key} class={classes.join(" ")}>
              {body}
            </g>
          ) : (
            <a
              key={node.key}
              href={eventHref(eventId)}
              class={classes.join(" ")}
              onClick={(event: MouseEvent) => {
                if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
                event.preventDefault();
                navigate(eventHref(eventId));
              }}
            >
              {body}
            </a>
          );
        })}
      </svg>
      {tree.truncated && <p class="muted">The tree is cut short: it has more processes than the picture shows.</p>}
    </div>
  );
}
