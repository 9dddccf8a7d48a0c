import { describe, expect, it } from "vitest";
import { zeekLogTypeFromFileName } from "../../../../worker/formats/zeek/file-name.ts";

describe("zeekLogTypeFromFileName", () => {
  it.each([
    ["conn.log", "conn"],
    ["conn.log.gz", "conn"],
    ["conn.00:00:00-01:00:00.log.gz", "conn"],
    ["http.2024-01-01.log", "http"],
    ["dns.2024-01-01-00-00-00.log", "dns"],
    ["logs/2024-01-01/x509.12:00:00-13:00:00.log.gz", "x509"],
    ["C:\\zeek\\logs\\dce_rpc.log", "dce_rpc"],
    ["Files.json", "files"],
  ])("reads %s as %s", (name, type) => {
    expect(zeekLogTypeFromFileName(name)).toBe(type);
  });

  it.each(["conn", ".log", "conn-summary.log", "notes.txt", "2024-01-01.log", "conn.log.zip"])(
    "names no log type for %s",
    (name) => {
      expect(zeekLogTypeFromFileName(name)).toBeNull();
    },
  );
});
