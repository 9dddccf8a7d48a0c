import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Comparison, compareReaders } from "../../scripts/lib/evtx-compare.ts";
import { EXPLAINED } from "../../scripts/lib/evtx-explained.ts";
import { evtxFiles } from "../../scripts/lib/evtx-files.ts";
import { type EvtxReader, referenceReaders } from "../../scripts/lib/evtx-reference.ts";

const CORPUS = resolve(import.meta.dirname, "../../../shared/corpus");
const ATTACK_SAMPLES = resolve(CORPUS, "evtx-attack-samples");
const EDGE_CASES = resolve(CORPUS, "evtx-edge-cases");

/** The readers compared; each is one line, ours too: `ours: async (file) => normaliseEvtxDumpResult(readEvtx(await readFile(file)))`. */
const readers: Record<string, EvtxReader> = {
  ...referenceReaders,
};

const attackSamples = evtxFiles([ATTACK_SAMPLES]);
const edgeCases = evtxFiles([EDGE_CASES]);

describe("the EVTX readers over the attack samples and the edge cases", () => {
  let comparison: Comparison;

  // Cold, python-evtx needs about three minutes of CPU for the corpus; its output is kept by file hash
  // and package version (scripts/lib/evtx-reference.ts), so a second run takes seconds.
  beforeAll(async () => {
    comparison = await compareReaders(readers, [...attackSamples, ...edgeCases], EXPLAINED);
  }, 900_000);

  const recordsOf = (reader: string, files: string[]) =>
    comparison.files
      .filter((file) => files.includes(file.file))
      .reduce((total, file) => total + (file.readers[reader]?.records ?? 0), 0);

  it("covers all 277 attack samples and 23 edge cases", () => {
    expect([attackSamples.length, edgeCases.length]).toEqual([277, 23]);
    expect(comparison.files).toHaveLength(300);
  });

  it.each(Object.keys(readers))("%s reads the 8,254 records of the attack samples", (reader) => {
    expect(recordsOf(reader, attackSamples)).toBe(8254);
  });

  it("has every reader read each attack sample whole, with as many records as the others", () => {
    const uneven = comparison.files
      .filter((file) => attackSamples.includes(file.file))
      .filter((file) => {
        const counts = Object.values(file.readers).map((reader) => reader.records);
        const failed = Object.values(file.readers).some((reader) =>
          reader.problems.some((problem) => problem.startsWith("exit")),
        );
        return failed || counts.some((count) => count !== counts[0]);
      });
    expect(uneven).toEqual([]);
  });

  it("finds the readers disagreeing only in the explained ways, each value checked", () => {
    const unexplained = comparison.differences.filter((difference) => difference.explanation === null);
    expect({ count: unexplained.length, first: unexplained.slice(0, 10) }).toEqual({ count: 0, first: [] });
  });

  it("keeps no explanation that explains nothing", () => {
    const used = new Set(comparison.differences.map((difference) => difference.explanation));
    expect(EXPLAINED.map((entry) => entry.id).filter((id) => !used.has(id))).toEqual([]);
  });
});
