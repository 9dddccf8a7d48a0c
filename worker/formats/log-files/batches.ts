/**
 * Records grouped into ingest batches with ids derived from the file's contents and the batch's
 * place in it, so reading the same file again yields the same batches under the same ids: a rerun
 * after an interruption resends what it sent before, which the server answers as a duplicate.
 */

export interface BatchLimits {
  maxEvents: number;
  /** The request body's size limit; batches stay well under it. */
  maxBodyBytes: number;
}

export interface ImportBatch {
  id: string;
  /** The ingest body, `{"batch_id": ..., "events": [...]}`. */
  body: string;
  records: number;
}

const encoder = new TextEncoder();

/** The first 24 hex digits of the bytes' SHA-256: 96 bits, ample to tell files apart. */
export async function contentKey(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  return [...digest.subarray(0, 12)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** What names an import of these files: the same files, in any order, name the same import. */
export async function importKey(fileKeys: readonly string[]): Promise<string> {
  const joined = encoder.encode([...fileKeys].sort().join("\n"));
  return `import-${await contentKey(joined)}`;
}

export class BatchBuilder {
  private records: string[] = [];
  private bytes = 0;
  private count = 0;
  private readonly budget: number;
  private readonly fileKey: string;
  private readonly limits: BatchLimits;

  constructor(fileKey: string, limits: BatchLimits) {
    this.fileKey = fileKey;
    this.limits = limits;
    // Room for the envelope, and for characters that take more bytes than the estimate counts.
    this.budget = Math.floor(limits.maxBodyBytes * 0.8);
  }

  /** The batch that adding `record` completed, if it did. */
  add(record: unknown): ImportBatch | null {
    const json = JSON.stringify(record) ?? "null";
    const size = encoder.encode(json).byteLength + 1;
    const full =
      this.records.length > 0 && (this.records.length >= this.limits.maxEvents || this.bytes + size > this.budget);
    const done = full ? this.flush() : null;
    this.records.push(json);
    this.bytes += size;
    return done;
  }

  /** The records added since the last batch, as one, or null when there are none. */
  flush(): ImportBatch | null {
    if (this.records.length === 0) return null;
    const id = `${this.fileKey}-${this.count}`;
    const batch = {
      id,
      body: `{"batch_id":"${id}","events":[${this.records.join(",")}]}`,
      records: this.records.length,
    };
    this.count += 1;
    this.records = [];
    this.bytes = 0;
    return batch;
  }
}
