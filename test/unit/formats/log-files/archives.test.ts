import { gzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { type ArchiveProblem, expandArchives } from "../../../../worker/formats/log-files/archives.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("expandArchives", () => {
  it("unpacks the log files of a zip, within a zip and gzipped, under their paths", () => {
    const inner = zipSync({ "zeek/conn.log": encode("conn") });
    const zip = zipSync({
      "case/Security.evtx": encode("evtx"),
      "case/README.md": encode("not a log"),
      "case/nested.zip": inner,
      "case/auth.log.gz": gzipSync(encode("auth")),
    });
    const problems: ArchiveProblem[] = [];
    const files = expandArchives({ name: "evidence.zip", bytes: zip }, problems);
    expect(files.map((f) => [f.name, decode(f.bytes)])).toEqual([
      ["evidence.zip/case/Security.evtx", "evtx"],
      ["evidence.zip/case/auth.log", "auth"],
      ["evidence.zip/case/nested.zip/zeek/conn.log", "conn"],
    ]);
    expect(problems).toEqual([
      { file: "evidence.zip", reason: "skipped 1 entries that are not log files: case/README.md" },
    ]);
  });

  it("refuses a gzip whose trailer says it inflates past the limit, before inflating it", () => {
    const bomb = gzipSync(encode("small"));
    bomb.set([0xff, 0xff, 0xff, 0xff], bomb.length - 4);
    const problems: ArchiveProblem[] = [];
    expect(expandArchives({ name: "big.log.gz", bytes: bomb }, problems)).toEqual([]);
    expect(problems[0]?.reason).toMatch(/inflates to more than/);
  });

  it("reports an archive it cannot unpack instead of throwing", () => {
    const broken = zipSync({ "a.log": encode("x".repeat(1000)) }).slice(0, 40);
    const problems: ArchiveProblem[] = [];
    expect(expandArchives({ name: "cut.zip", bytes: broken }, problems)).toEqual([]);
    expect(problems[0]?.reason).toMatch(/^could not be unpacked/);
  });

  it("passes a file that is no archive through as it is", () => {
    const file = { name: "conn.log", bytes: encode("#separator \\x09") };
    expect(expandArchives(file, [])).toEqual([file]);
  });
});
