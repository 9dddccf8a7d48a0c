/**
 * The layers of docs/architecture.md, checked on every import in worker/: `http/` → domain folders →
 * `store/` → D1; below them the pure `detect/` and, under everything, `model/`. A domain
 * folder may use another domain folder, but never in a loop, so each concern has one owner.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const WORKER = resolve(import.meta.dirname, "../../worker");

/** What each layer may import besides itself; domain folders are everything not named here. */
const ALLOWED: Record<string, readonly string[]> = {
  model: [],
  detect: ["model", "formats"],
  formats: ["model"],
  store: ["model", "detect", "formats"],
  http: ["*"],
  "(entry)": ["*"],
};
/** Files at worker/'s top level: the entry point and the bindings' types. */
const TOP_LEVEL: Record<string, string> = { "index.ts": "(entry)", "env.ts": "model" };

interface Import {
  from: string;
  to: string;
  file: string;
  target: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

function folderOf(path: string): string {
  const parts = relative(WORKER, path).split("/");
  if (parts.length === 1) return TOP_LEVEL[parts[0] ?? ""] ?? `(unknown top-level file ${parts[0]})`;
  return parts[0] ?? "";
}

function imports(): Import[] {
  return sourceFiles(WORKER).flatMap((file) => {
    const text = readFileSync(file, "utf8");
    return [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].flatMap((match) => {
      const target = resolve(dirname(file), match[1] ?? "");
      if (!target.startsWith(WORKER)) return [];
      const from = folderOf(file);
      const to = folderOf(target);
      return from === to ? [] : [{ from, to, file: relative(WORKER, file), target: relative(WORKER, target) }];
    });
  });
}

const isDomain = (folder: string) => !(folder in ALLOWED);

function allowed({ from, to }: Import): boolean {
  const rule = ALLOWED[from];
  if (rule) return rule.includes("*") ? to !== "(entry)" : rule.includes(to);
  // A domain folder: other domains (loops are checked below), store, detect and model.
  return to !== "http" && to !== "(entry)";
}

/** Every loop among the domain folders, each as the folders on it. */
function domainLoops(all: readonly Import[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const { from, to } of all) {
    if (!isDomain(from) || !isDomain(to)) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)?.add(to);
  }
  const loops: string[][] = [];
  const done = new Set<string>();
  const visit = (node: string, path: string[]) => {
    const at = path.indexOf(node);
    if (at >= 0) {
      loops.push([...path.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    done.add(node);
  };
  for (const node of edges.keys()) visit(node, []);
  return loops;
}

describe("import direction in worker/", () => {
  const all = imports();

  it("sees the imports between folders, static and dynamic", () => {
    expect(all.some((i) => i.from === "http" && i.to === "store")).toBe(true);
    expect(all.some((i) => i.from === "(entry)" && i.to === "http")).toBe(true);
  });

  it("imports only downwards: http → domains → store → D1, detect on model alone", () => {
    const against = all.filter((i) => !allowed(i)).map((i) => `${i.file} imports ${i.target} (${i.from} → ${i.to})`);
    expect(against).toEqual([]);
  });

  it("has no loop among the domain folders", () => {
    expect(domainLoops(all).map((loop) => loop.join(" → "))).toEqual([]);
  });
});
