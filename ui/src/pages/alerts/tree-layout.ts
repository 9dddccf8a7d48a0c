/**
 * Where each process of a tree sits in the picture: one row per process in depth-first order, the
 * column by depth, like an indented outline; the connectors run from a parent's row to its children's.
 */
import type { ProcessNode } from "../../api/alerts";

export interface PlacedNode {
  node: ProcessNode;
  depth: number;
  row: number;
  /** The parent's row, or null for a root. */
  parentRow: number | null;
}

export function layoutTree(roots: readonly ProcessNode[]): PlacedNode[] {
  const placed: PlacedNode[] = [];
  const visit = (node: ProcessNode, depth: number, parentRow: number | null) => {
    const row = placed.length;
    placed.push({ node, depth, row, parentRow });
    for (const child of node.children) visit(child, depth + 1, row);
  };
  for (const root of roots) visit(root, 0, null);
  return placed;
}

/** `C:\Windows\System32\cmd.exe` → `cmd.exe`; the full path stays in the tooltip. */
export function baseName(path: string | null): string {
  if (path === null || path === "") return "unknown";
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
