import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import type { ImportBatch } from "../../../../worker/formats/log-files/batches.ts";
import {
  type BatchAnswer,
  type ImportTransport,
  type InputFile,
  RetryableError,
  runImport,
} from "../../../../worker/formats/log-files/run-import.ts";
import type { ImportFileSummary } from "../../../../worker/model/wire/imports.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const file = (name: string, text: string | Uint8Array): InputFile => {
  const bytes = typeof text === "string" ? encode(text) : text;
  return { name, size: bytes.byteLength, read: async () => bytes };
};

/** The imports API as the server keeps it: batches by id, each stored once; a record `{"bad":1}` rejected. */
class ServerInMemory implements ImportTransport {
  readonly stored = new Map<string, number>();
  finished: { status: string; files: ImportFileSummary[] } | null = null;
  failures: Error[] = [];
  batches: string[] = [];

  async start() {
    return { id: "imp_1", resumed: false };
  }

  async batch(_id: string, batch: ImportBatch): Promise<BatchAnswer> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.batches.push(batch.id);
    const events = (JSON.parse(batch.body) as { events: { bad?: number }[] }).events;
    const rejected = events.flatMap((e, index) => (e.bad ? [{ index, error: "no parsable timestamp" }] : []));
    const duplicate = this.stored.has(batch.id);
    this.stored.set(batch.id, events.length - rejected.length);
    return {
      accepted: events.length - rejected.length,
      rejected,
      status: duplicate ? "duplicate" : "stored",
      alerts: 1,
    };
  }

  async finish(_id: string, status: "done" | "cancelled", files: ImportFileSummary[]) {
    this.finished = { status, files };
  }
}

const options = { name: "case", limits: { maxEvents: 2, maxBodyBytes: 10_000 }, sleep: async () => undefined };

describe("runImport", () => {
  it("sends every record of every file in batches and sums the answers per file", async () => {
    const server = new ServerInMemory();
    const zip = zipSync({ "logs/a.ndjson": encode('{"n":1}\n{"bad":1}\n{"n":3}\n'), "notes.txt": encode("x") });
    const result = await runImport([file("case.zip", zip), file("b.json", '[{"n":4}]')], server, options);
    expect(result.cancelled).toBe(false);
    expect(server.finished?.status).toBe("done");
    expect(result.files).toEqual([
      expect.objectContaining({ file: "case.zip", records: 0, problems: [expect.stringMatching(/skipped 1 entries/)] }),
      expect.objectContaining({
        file: "case.zip/logs/a.ndjson",
        format: "ndjson",
        records: 3,
        stored: 2,
        rejected: 1,
        reasons: [{ reason: "no parsable timestamp", count: 1 }],
        alerts: 2,
      }),
      expect.objectContaining({ file: "b.json", format: "json", records: 1, stored: 1 }),
    ]);
  });

  it("sends a second copy of a file under its own batch ids, the same on every run", async () => {
    const server = new ServerInMemory();
    const files = [file("a/x.json", '[{"n":1}]'), file("b/x.json", '[{"n":1}]')];
    await runImport(files, server, options);
    const first = [...server.batches];
    expect(new Set(first).size).toBe(2);
    await runImport(files, server, options);
    expect(server.batches.slice(2)).toEqual(first);
  });

  it("retries a batch the server could not take for now, and stops on a refusal, finishing as cancelled", async () => {
    const server = new ServerInMemory();
    server.failures = [new RetryableError("503"), new RetryableError("no answer")];
    await runImport([file("a.json", '[{"n":1}]')], server, options);
    expect(server.stored.size).toBe(1);

    const refusing = new ServerInMemory();
    refusing.failures = [new Error("401: token revoked")];
    await expect(runImport([file("a.json", '[{"n":1}]')], refusing, options)).rejects.toThrow("token revoked");
    expect(refusing.finished?.status).toBe("cancelled");
  });

  it("stops between batches when asked and says it was cancelled", async () => {
    const server = new ServerInMemory();
    const stop = new AbortController();
    const result = await runImport([file("a.ndjson", '{"n":1}\n{"n":2}\n{"n":3}\n'), file("b.json", "[1]")], server, {
      ...options,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.stored > 0) stop.abort();
      },
    });
    expect(result.cancelled).toBe(true);
    expect(server.finished?.status).toBe("cancelled");
    expect(result.files.map((f) => f.file)).toEqual(["a.ndjson"]);
  });
});
