/**
 * How many records each real file yields, and what is reported. The counts of python-evtx
 * (../shared/corpus/README.md) and of the Rust crate's own tests (tests/test_full_samples.rs) are
 * given beside ours where they differ. They differ only on damaged chunks: both stop reading a
 * chunk at its first unreadable record, while this reader looks for the next record signature
 * (whose size is repeated at its end) and goes on; the records found that way parse whole, each
 * with its own record id, so they are the chunk's records, not noise.
 */
import { describe, expect, it } from "vitest";
import { readEvtx } from "../../../../worker/formats/evtx/read-evtx.ts";
import { attackSample, attackSampleFiles, edgeCase } from "./support/corpus.ts";

interface Expected {
  file: string;
  records: number;
  /** The file is damaged somewhere, so problems are reported. */
  damaged: boolean;
}

const EDGE_CASES: Expected[] = [
  { file: "security.evtx", records: 2261, damaged: false },
  // Its chunk's string table is damaged, so the header checksum fails; names are read by offset.
  { file: "security_bad_string_cache.evtx", records: 2261, damaged: true },
  // Slots 9 to 16 hold data but no chunk signature.
  { file: "sysmon.evtx", records: 358, damaged: true },
  { file: "system.evtx", records: 1881, damaged: false },
  // python-evtx 270, the crate 270 and 5 errors: 31 more records in chunk 7, past its damaged one.
  { file: "sample_with_a_bad_chunk_magic.evtx", records: 300, damaged: true },
  { file: "sample-with-irregular-bool-values.evtx", records: 3028, damaged: false },
  // python-evtx 335, the crate 335 and 1 error: chunk 0 goes on after the zero-size record 3, ids 4-117.
  { file: "sample-with-zero-data-size-event.evtx", records: 449, damaged: true },
  // The crate 1910 and 4 errors.
  { file: "2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx", records: 1950, damaged: true },
  // The crate 1774 and 2 errors.
  {
    file: "2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx",
    records: 1795,
    damaged: true,
  },
  { file: "2-vss_7-System.evtx", records: 1160, damaged: false },
  { file: "2-system-Microsoft-Windows-LiveId%4Operational.evtx", records: 399, damaged: false },
  { file: "Application_no_crc32.evtx", records: 17, damaged: false },
  {
    file: "E_ShadowCopy6_windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx",
    records: 459,
    damaged: false,
  },
  { file: "E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx", records: 340, damaged: false },
  {
    file: "E_Windows_system32_winevt_logs_Microsoft-Windows-Shell-Core%4Operational.evtx",
    records: 1146,
    damaged: false,
  },
  { file: "MSExchange_Management_wec.evtx", records: 1, damaged: false },
  // The crate 6 and 1 error (a SID cut short, read here as far as it goes); the last record's tail is zeroed.
  { file: "Microsoft-Windows-HelloForBusiness%4Operational.evtx", records: 5, damaged: true },
  // The crate 17 and 1 error; the last record's tail is zeroed.
  { file: "Microsoft-Windows-LanguagePackSetup%4Operational.evtx", records: 17, damaged: true },
  { file: "Security_short_selected.evtx", records: 7, damaged: false },
  { file: "Security_with_size_t.evtx", records: 636, damaged: false },
  { file: "issue_201.evtx", records: 1, damaged: false },
  { file: "new-user-security.evtx", records: 4, damaged: false },
  { file: "post-Security.evtx", records: 126, damaged: false },
];

describe("readEvtx on real files", () => {
  it.each(EDGE_CASES)("reads $records records from $file", ({ file, records, damaged }) => {
    const result = readEvtx(edgeCase(file));
    expect(result.records).toHaveLength(records);
    expect(new Set(result.records.map((record) => record.recordId)).size).toBe(records);
    expect(result.problems.length > 0).toBe(damaged);
  });

  // python-evtx and libevtx read 8,254: CA_Mimikatz_Memssp_Default_Logs_Sysmon_11.evtx is cut
  // 4,608 bytes short of its one chunk, after its only record; they skip a chunk the file does not
  // hold whole, this reader reads the record, since everything up to the chunk's free space is there
  // and its checksum holds, and reports the cut.
  it("reads every record of the attack samples, 8,255 in 277 files, reporting only the one cut file", () => {
    const files = attackSampleFiles();
    let records = 0;
    const problems: string[] = [];
    for (const file of files) {
      const result = readEvtx(attackSample(file));
      records += result.records.length;
      for (const problem of result.problems) problems.push(`${file}: ${problem.reason}`);
    }
    expect(files).toHaveLength(277);
    expect(problems).toEqual([
      "Credential Access/CA_Mimikatz_Memssp_Default_Logs_Sysmon_11.evtx: the file ends 60928 bytes into the chunk, after its records end at 2728",
    ]);
    expect(records).toBe(8255);
  });
});
