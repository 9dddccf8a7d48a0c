import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Comparison, compareReaders, RECORD } from "../../scripts/lib/evtx-compare.ts";
import { readWithOurs } from "../../scripts/lib/evtx-dump-json.ts";
import { EXPLAINED } from "../../scripts/lib/evtx-explained.ts";
import { evtxFiles } from "../../scripts/lib/evtx-files.ts";
import { type EvtxReader, referenceReaders } from "../../scripts/lib/evtx-reference.ts";

const CORPUS = resolve(import.meta.dirname, "../../../shared/corpus");
const ATTACK_SAMPLES = resolve(CORPUS, "evtx-attack-samples");
const EDGE_CASES = resolve(CORPUS, "evtx-edge-cases");

/** The repo's parser beside the two independent readers. */
const readers: Record<string, EvtxReader> = { ...referenceReaders, ours: readWithOurs };

/** The one attack sample the readers do not read alike: cut 4,608 bytes short, after its only record. */
const CUT_SAMPLE = "Credential Access/CA_Mimikatz_Memssp_Default_Logs_Sysmon_11.evtx";

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

  it("reads the attack samples' records: 8,254 with each reference reader, 8,255 with ours", () => {
    expect(
      Object.fromEntries(Object.keys(readers).map((reader) => [reader, recordsOf(reader, attackSamples)])),
    ).toEqual({
      "python-evtx": 8254,
      evtxexport: 8254,
      ours: 8255,
    });
  });

  it("has every reader read each attack sample whole and alike, but for the one cut file ours alone reads", () => {
    const uneven = comparison.files
      .filter((file) => attackSamples.includes(file.file))
      .filter((file) => {
        const counts = Object.values(file.readers).map((reader) => reader.records);
        const failed = Object.values(file.readers).some((reader) =>
          reader.problems.some((problem) => problem.startsWith("exit")),
        );
        return failed || counts.some((count) => count !== counts[0]);
      })
      .map((file) => ({
        file: file.file,
        records: Object.fromEntries(Object.entries(file.readers).map(([name, reader]) => [name, reader.records])),
      }));
    expect(uneven).toEqual([
      { file: resolve(ATTACK_SAMPLES, CUT_SAMPLE), records: { "python-evtx": 0, evtxexport: 0, ours: 1 } },
    ]);
  });

  it("has ours miss no record a reference reader reads, but python-evtx's renderings of unreadable ones", () => {
    const missed = comparison.differences.filter(
      (difference) => difference.field === RECORD && difference.values.ours === null,
    );
    expect(missed.map((difference) => difference.explanation)).toEqual([
      "python-evtx-renders-unreadable-records-empty",
      "python-evtx-renders-unreadable-records-empty",
    ]);
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
