import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readReleaseZip } from "../../../worker/rules/release-zip.ts";
import { MAX_RULE_BYTES } from "../../../worker/rules/rule-changes.ts";

const RULE = "title: t\nid: x\n";

describe("readReleaseZip", () => {
  it("reads GitHub's layout, naming the release by its top folder, and counts the folders no pack ships", () => {
    const zip = zipSync({
      "sigma-r2026-10-01/rules/windows/a.yml": strToU8(RULE),
      "sigma-r2026-10-01/rules-threat-hunting/b.yaml": strToU8(RULE),
      "sigma-r2026-10-01/rules-dfir/c.yml": strToU8(RULE),
      "sigma-r2026-10-01/deprecated/d.yml": strToU8(RULE),
      "sigma-r2026-10-01/tests/e.yml": strToU8(RULE),
      "sigma-r2026-10-01/README.md": strToU8("# x"),
    });
    expect(readReleaseZip(zip)).toEqual({
      ref: "r2026-10-01",
      files: [
        { path: "rules-threat-hunting/b.yaml", text: RULE },
        { path: "rules/windows/a.yml", text: RULE },
      ],
      notShipped: [
        { folder: "deprecated", files: 1 },
        { folder: "rules-dfir", files: 1 },
      ],
      refused: [],
    });
  });

  it("reads a zip of the tree itself", () => {
    const release = readReleaseZip(
      zipSync({ "rules/a.yml": strToU8(RULE), "rules-emerging-threats/b.yml": strToU8(RULE) }),
    );
    expect(release.ref).toBeNull();
    expect(release.files.map((file) => file.path)).toEqual(["rules-emerging-threats/b.yml", "rules/a.yml"]);
  });

  it("refuses a rule file too large or not UTF-8 on its own, and reads the rest", () => {
    const zip = zipSync({
      "rules/a.yml": strToU8(RULE),
      "rules/big.yml": strToU8(`${RULE}#${"x".repeat(MAX_RULE_BYTES)}`),
      "rules/latin1.yml": new Uint8Array([0x74, 0xe9, 0x0a]),
    });
    const release = readReleaseZip(zip);
    expect(release.files.map((file) => file.path)).toEqual(["rules/a.yml"]);
    expect(release.refused).toEqual([
      { path: "rules/big.yml", reason: expect.stringMatching(/^inflates to \d+ bytes, more than the 1000000/) },
      { path: "rules/latin1.yml", reason: "the file is not UTF-8 text" },
    ]);
  });

  it("fails what is no release with 400 and the reason", () => {
    expect(() => readReleaseZip(strToU8("hello"))).toThrow(/^not a readable zip archive/);
    expect(() => readReleaseZip(zipSync({ "a/b/rules/x.yml": strToU8(RULE) }))).toThrow(/holds no SigmaHQ rule folder/);
    expect(() => readReleaseZip(zipSync({ "rules/x.txt": strToU8(RULE) }))).toThrow(/has no \.yml rule file/);
  });

  it("fails a zip of more entries than a release has with 413, before inflating any", () => {
    const entries: Record<string, Uint8Array> = {};
    for (let index = 0; index <= 50_000; index += 1) entries[`rules/${index}.txt`] = new Uint8Array();
    let status: number | undefined;
    try {
      readReleaseZip(zipSync(entries, { level: 0 }));
    } catch (error) {
      status = (error as { status?: number }).status;
    }
    expect(status).toBe(413);
  });
});
