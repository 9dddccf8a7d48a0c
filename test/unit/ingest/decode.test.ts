import { describe, expect, it } from "vitest";
import { isNdjson, isZeekTsvBody, parseRecords, parseZeekTsvBody, readBody } from "../../../worker/ingest/decode.ts";
import { IngestError } from "../../../worker/ingest/errors.ts";
import dhcpLog from "../../fixtures/zeek/dhcp-all-msg-types.log?raw";

function stream(bytes: Uint8Array | string): ReadableStream<Uint8Array> {
  return new Blob([bytes]).stream();
}

function thrown(fn: () => unknown): IngestError {
  try {
    fn();
  } catch (error) {
    if (error instanceof IngestError) return error;
    throw error;
  }
  throw new Error("expected an IngestError");
}

describe("parseRecords", () => {
  it("reads the events envelope with its batch_id", () => {
    expect(parseRecords('{"batch_id":"b-1","events":[{"a":1},{"b":2}]}', false, null)).toMatchObject({
      records: [{ a: 1 }, { b: 2 }],
      batchId: "b-1",
    });
  });

  it("reads a bare array and a single object", () => {
    expect(parseRecords("[1,2]", false, null).records).toEqual([1, 2]);
    expect(parseRecords('{"message":"x"}', false, null).records).toEqual([{ message: "x" }]);
  });

  it("reads NDJSON, skipping blank lines", () => {
    expect(parseRecords('{"a":1}\n\n{"b":2}\r\n', true, null).records).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("takes the batch id from the Idempotency-Key and refuses a conflicting body id", () => {
    expect(parseRecords("[]", false, "key-1").batchId).toBe("key-1");
    expect(thrown(() => parseRecords('{"batch_id":"b","events":[]}', false, "a")).message).toMatch(/differs/);
  });

  it("refuses batch ids with unsafe characters or over 128 characters", () => {
    expect(thrown(() => parseRecords('{"batch_id":"a b","events":[]}', false, null)).status).toBe(400);
    expect(thrown(() => parseRecords("[]", false, "x".repeat(129))).status).toBe(400);
  });

  it("names the line and column of invalid JSON", () => {
    expect(thrown(() => parseRecords('[\n{"a":\n}]', false, null)).message).toMatch(
      /^invalid JSON at line 3, column 1/,
    );
  });

  it("refuses a non-array events field and an empty body", () => {
    expect(thrown(() => parseRecords('{"events":{}}', false, null)).message).toBe("'events' must be an array");
    expect(thrown(() => parseRecords("  ", false, null)).message).toBe("request body is empty");
  });
});

describe("readBody", () => {
  it("inflates gzip", async () => {
    const gz = new Blob(["[1]"]).stream().pipeThrough(new CompressionStream("gzip"));
    expect(await readBody(gz, "gzip")).toBe("[1]");
  });

  it("stops reading at the size limit", async () => {
    await expect(readBody(stream("x".repeat(101)), null, 100)).rejects.toMatchObject({ status: 413 });
  });

  it("refuses invalid UTF-8", async () => {
    await expect(readBody(stream(new Uint8Array([0xc3, 0x28])), null)).rejects.toMatchObject({
      status: 400,
      message: "body is not valid UTF-8",
    });
  });
});

describe("isNdjson", () => {
  it("recognises the NDJSON media types, with parameters", () => {
    expect(isNdjson("application/x-ndjson; charset=utf-8")).toBe(true);
    expect(isNdjson("application/jsonl")).toBe(true);
    expect(isNdjson("application/json")).toBe(false);
    expect(isNdjson(null)).toBe(false);
  });
});

describe("Zeek TSV bodies", () => {
  it("reads a text/tab-separated-values body, and a text/plain one only when it starts as Zeek's logs do", () => {
    expect(isZeekTsvBody("text/tab-separated-values", "anything")).toBe(true);
    expect(isZeekTsvBody("text/plain; charset=utf-8", dhcpLog)).toBe(true);
    expect(isZeekTsvBody("text/plain", '{"events":[]}')).toBe(false);
    expect(isZeekTsvBody("application/json", dhcpLog)).toBe(false);
  });

  it("turns the log into the records Zeek's JSON writer writes, with the Idempotency-Key as batch id", () => {
    const decoded = parseZeekTsvBody(dhcpLog, "dhcp-1");
    expect(decoded.batchId).toBe("dhcp-1");
    expect(decoded.text).toBe(dhcpLog);
    expect(decoded.records).toEqual([
      expect.objectContaining({ _path: "dhcp", ts: 1370200444.371332, "id.orig_p": 68, lease_time: 900 }),
    ]);
  });

  it("refuses a malformed header or a line that does not fit it with a 400 naming the line", () => {
    expect(thrown(() => parseZeekTsvBody("#fields\tts\n", null))).toMatchObject({
      status: 400,
      message: "Zeek TSV line 1: not a Zeek TSV log: it must start with a #separator line",
    });
    const shortLine = dhcpLog.replace("\t1984\n", "\n");
    expect(thrown(() => parseZeekTsvBody(shortLine, null))).toMatchObject({
      status: 400,
      message: "Zeek TSV line 9: 9 values for 10 #fields",
    });
    expect(thrown(() => parseZeekTsvBody(" ", null)).message).toBe("request body is empty");
  });
});
