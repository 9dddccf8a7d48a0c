/** Substitution values as evtx_dump writes them, from hand-built little-endian bytes. */
import { describe, expect, it } from "vitest";
import { ByteSource } from "../../../../worker/formats/evtx/bytes.ts";
import { arrayValue, fileTimeAt, scalarValue } from "../../../../worker/formats/evtx/values.ts";

function bytes(...values: number[]): ByteSource {
  return new ByteSource(Uint8Array.from(values));
}

function le(value: bigint, size: number): number[] {
  return Array.from({ length: size }, (_, i) => Number((value >> BigInt(8 * i)) & 0xffn));
}

function utf16le(text: string): number[] {
  return Array.from({ length: text.length }, (_, i) => le(BigInt(text.charCodeAt(i)), 2)).flat();
}

const value = (type: number, data: number[]) => scalarValue(bytes(...data), type, 0, data.length);

describe("EVTX values", () => {
  it("writes a FILETIME as UTC with microseconds, the seventh digit cut, exactly beyond 2^53 ticks", () => {
    const seconds = BigInt(Date.UTC(2019, 2, 19, 23, 34, 15) / 1000) + 11644473600n;
    const ticks = seconds * 10_000_000n + 1_234_567n;
    expect(fileTimeAt(bytes(...le(ticks, 8)), 0)).toBe("2019-03-19T23:34:15.123456Z");
    expect(value(0x11, le(0n, 8))).toBe("1601-01-01T00:00:00.000000Z");
  });

  it("writes a SYSTEMTIME like a FILETIME", () => {
    const fields = [2017, 5, 5, 19, 2, 2, 36, 203];
    expect(
      value(
        0x12,
        fields.flatMap((field) => le(BigInt(field), 2)),
      ),
    ).toBe("2017-05-19T02:02:36.203000Z");
  });

  it("keeps integers as numbers, signed and unsigned, 64-bit ones included", () => {
    expect(value(0x03, [0xff])).toBe(-1);
    expect(value(0x04, [0xff])).toBe(255);
    expect(value(0x05, le(0xfffen, 2))).toBe(-2);
    expect(value(0x06, le(4608n, 2))).toBe(4608);
    expect(value(0x07, le(0xfffffffdn, 4))).toBe(-3);
    expect(value(0x08, le(0xffffffffn, 4))).toBe(4294967295);
    expect(value(0x09, le(0xfffffffffffffffcn, 8))).toBe(-4);
    expect(value(0x0a, le(2n ** 40n + 7n, 8))).toBe(2 ** 40 + 7);
  });

  it("writes a 64-bit integer past 2^53 as its exact decimal text, which a JSON number could not hold", () => {
    expect(value(0x0a, le(18446744073709551615n, 8))).toBe("18446744073709551615");
    expect(value(0x0a, le(2n ** 53n + 1n, 8))).toBe("9007199254740993");
    expect(value(0x09, le(-(2n ** 63n), 8))).toBe("-9223372036854775808");
    expect(value(0x0a, le(2n ** 53n - 1n, 8))).toBe(2 ** 53 - 1);
  });

  it("reads any non-zero BOOL as true, as Windows does", () => {
    expect(value(0x0d, le(1n, 4))).toBe(true);
    expect(value(0x0d, le(0x100n, 4))).toBe(true);
    expect(value(0x0d, le(0n, 4))).toBe(false);
  });

  it("writes hex integers and size_t as 0x and lower-case digits", () => {
    expect(value(0x14, le(0x3e7n, 4))).toBe("0x3e7");
    expect(value(0x15, le(0x8020000000000000n, 8))).toBe("0x8020000000000000");
    expect(value(0x15, le(0x100000001n, 8))).toBe("0x100000001");
    expect(value(0x10, le(0x7eecn, 4))).toBe("0x7eec");
    expect(value(0x10, le(0x858n, 8))).toBe("0x858");
  });

  it("writes the shortest decimal that reads back as the same float", () => {
    expect(value(0x0b, [0xcd, 0xcc, 0xcc, 0x3d])).toBe("0.1");
    expect(value(0x0c, le(0x3ff0000000000000n, 8))).toBe("1.0");
    expect(value(0x0c, le(0xc004000000000000n, 8))).toBe("-2.5");
  });

  it("writes GUIDs upper-case without braces, binary as upper-case hex, SIDs as S-R-A-S...", () => {
    const guid = [0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49, 0xa5, 0xba, 0x3e, 0x3b, 0x03, 0x28, 0xc3, 0x0d];
    expect(value(0x0f, guid)).toBe("54849625-5478-4994-A5BA-3E3B0328C30D");
    expect(value(0x0e, [0x00, 0xab, 0x10])).toBe("00AB10");
    const sid = [1, 2, 0, 0, 0, 0, 0, 5, ...le(32n, 4), ...le(544n, 4)];
    expect(value(0x13, sid)).toBe("S-1-5-32-544");
  });

  it("reads a SID cut short as far as it goes", () => {
    expect(value(0x13, [1, 5, 0, 0, 0, 0, 0, 5, ...le(21n, 4)])).toBe("S-1-5-21");
  });

  it("ends strings at their first NUL and reads ANSI strings as Windows-1252", () => {
    expect(value(0x01, [...utf16le("Security"), 0, 0, ...utf16le("junk")])).toBe("Security");
    expect(value(0x01, utf16le("caf\u00e9 \u{1f600}"))).toBe("caf\u00e9 \u{1f600}");
    expect(value(0x02, [0x80, 0x20, 0x41, 0xe9, 0, 0x42])).toBe("\u20ac A\u00e9");
  });

  it("reads an empty value as nothing", () => {
    expect(value(0x00, [])).toBeNull();
    expect(value(0x01, [])).toBeNull();
    expect(value(0x08, [])).toBeNull();
  });

  it("splits arrays into items: NUL-separated strings, fixed-size items, consecutive SIDs", () => {
    const strings = [...utf16le("a"), 0, 0, ...utf16le("bc"), 0, 0];
    expect(arrayValue(bytes(...strings), 0x81, 0, strings.length).items).toEqual(["a", "bc"]);
    const shorts = [...le(1n, 2), ...le(65535n, 2)];
    expect(arrayValue(bytes(...shorts), 0x86, 0, shorts.length).items).toEqual([1, 65535]);
    const sids = [1, 1, 0, 0, 0, 0, 0, 5, ...le(18n, 4), 1, 1, 0, 0, 0, 0, 0, 5, ...le(19n, 4)];
    expect(arrayValue(bytes(...sids), 0x93, 0, sids.length).items).toEqual(["S-1-5-18", "S-1-5-19"]);
    expect(arrayValue(bytes(), 0x81, 0, 0).items).toEqual([]);
  });
});
