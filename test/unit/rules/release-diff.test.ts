import { describe, expect, it } from "vitest";
import type { CompileError } from "../../../worker/detect/types.ts";
import type { BundledSource } from "../../../worker/rules/active-sources.ts";
import type { PackId } from "../../../worker/rules/packs.ts";
import { type LocalRow, releaseChange, removalNote } from "../../../worker/rules/release-diff.ts";

const rule = (
  id: string,
  title: string,
  pack: PackId | null = "core",
  path = `rules/windows/${id}.yml`,
): BundledSource => ({
  origin: `rules/sigmahq/${path}`,
  kind: "sigma",
  text: `title: ${title}\nid: ${id}\nstatus: test\nlevel: high\n`,
  pack,
  id,
});

const side = (sources: BundledSource[], failing: Record<string, string> = {}) => ({
  sources,
  errors: new Map(
    sources.flatMap((source): [string, CompileError[]][] => {
      const reason = source.id ? failing[source.id] : undefined;
      return reason ? [[source.origin, [{ origin: source.origin, line: 9, ruleId: source.id ?? null, reason }]]] : [];
    }),
  ),
});

const packs = new Set<PackId>(["core"]);
const row = (source: BundledSource, fields: Partial<LocalRow> = {}): LocalRow => ({
  id: source.id ?? "",
  kind: "sigma",
  text: source.text,
  enabled: true,
  origin: "api",
  ...fields,
});

describe("releaseChange", () => {
  const a = rule("a", "A");
  const b = rule("b", "B");
  const c = rule("c", "C");
  const off = rule("off", "Off", "core++");

  it("counts and lists added, changed, removed and unchanged files by rule id", () => {
    const bNext = rule("b", "B v2");
    const d = rule("d", "D");
    const { diff, writes } = releaseChange(side([a, b, c, off]), side([a, bNext, d]), [], packs, "r2");
    expect(diff.counts).toEqual({
      files: 3,
      added: 1,
      changed: 1,
      removed: 2,
      unchanged: 1,
      failed: 0,
      newly_failing: 0,
    });
    expect(diff.added).toEqual([
      { id: "d", title: "D", level: "high", status: "test", pack: "core", path: "rules/windows/d.yml" },
    ]);
    expect(diff.changed.map((entry) => entry.title)).toEqual(["B v2"]);
    expect(diff.removed.map((entry) => entry.id)).toEqual(["c", "off"]);
    // c ran by its pack: kept as a disabled row with its text and a note; off never ran: nothing to keep.
    expect(writes).toEqual([
      {
        id: "c",
        kind: "sigma",
        text: c.text,
        enabled: false,
        origin: "api",
        change: "create",
        note: removalNote("r2", "rules/windows/c.yml"),
      },
    ]);
    expect(diff.backtest.rules).toEqual([
      { id: "d", path: "rules/windows/d.yml" },
      { id: "b", path: "rules/windows/b.yml" },
    ]);
  });

  it("counts a file that moved folder as changed", () => {
    const moved = rule("a", "A", "core", "rules/linux/a.yml");
    expect(releaseChange(side([a]), side([moved]), [], packs, "r2").diff.counts).toMatchObject({
      changed: 1,
      unchanged: 0,
    });
  });

  it("names newly failing files apart from those that failed before, and lists every failure and refused file", () => {
    const bNext = rule("b", "B v2");
    const { diff } = releaseChange(
      side([a, b]),
      side([a, bNext], { a: "needs a placeholder", b: "unknown modifier 'x'" }),
      [],
      packs,
      "r2",
      [{ path: "rules/big.yml", reason: "too large" }],
    );
    expect(diff.counts).toMatchObject({ failed: 3, newly_failing: 2 });
    expect(
      releaseChange(side([a], { a: "needs a placeholder" }), side([a], { a: "needs a placeholder" }), [], packs, "r2")
        .diff.counts,
    ).toMatchObject({ failed: 1, newly_failing: 0 });
    expect(diff.failures).toEqual([
      { path: "rules/big.yml", id: null, line: null, reason: "too large" },
      { path: "rules/windows/a.yml", id: "a", line: 9, reason: "needs a placeholder" },
      { path: "rules/windows/b.yml", id: "b", line: 9, reason: "unknown modifier 'x'" },
    ]);
  });

  it("keeps a local edit of a changed rule, and moves a switch to the new text in its state", () => {
    const aNext = rule("a", "A v2");
    const bNext = rule("b", "B v2");
    const rows = [row(a, { text: `${a.text}# mine\n` }), row(b, { enabled: false })];
    const { diff, writes } = releaseChange(side([a, b]), side([aNext, bNext]), rows, packs, "r2");
    expect(writes).toEqual([
      { id: "b", kind: "sigma", text: bNext.text, enabled: false, origin: "api", change: "update" },
    ]);
    expect(diff.local).toEqual([
      expect.objectContaining({ id: "a", upstream: "changed", row: "edit", enabled_after: true }),
      expect.objectContaining({ id: "b", upstream: "changed", row: "switch", enabled_after: false }),
    ]);
    expect(diff.backtest.rules).toEqual([]);
  });

  it("disables a removed rule that runs by its row, keeping the row's text, and notes one already off", () => {
    const edited = `${a.text}# mine\n`;
    const rows = [row(a, { text: edited }), row(off, { enabled: false })];
    const { writes } = releaseChange(side([a, off]), side([b]), rows, packs, "r2");
    expect(writes).toEqual([
      expect.objectContaining({
        id: "a",
        text: edited,
        enabled: false,
        change: "disable",
        note: removalNote("r2", "rules/windows/a.yml"),
      }),
      expect.objectContaining({ id: "off", enabled: false, change: "update" }),
    ]);
  });

  it("says a stored rule with the id of an added rule keeps overriding it", () => {
    const { diff, writes } = releaseChange(
      side([]),
      side([a]),
      [row(a, { text: "title: mine\nid: a\n" })],
      packs,
      "r2",
    );
    expect(writes).toEqual([]);
    expect(diff.local).toEqual([expect.objectContaining({ id: "a", upstream: "added", row: "edit" })]);
  });
});
