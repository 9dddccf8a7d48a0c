/**
 * An R2Bucket in a local directory: put/get/head/list/delete with httpMetadata and customMetadata,
 * the part of R2's API the Worker uses. Each object is two files named by the SHA-256 of its key
 * (any key is a safe file name that way): the bytes, and a JSON record of its metadata and key.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type {
  R2Bucket,
  R2GetOptions,
  R2HTTPMetadata,
  R2ListOptions,
  R2Object,
  R2ObjectBody,
  R2PutOptions,
  R2Range,
} from "@cloudflare/workers-types/index.ts";

const DEFAULT_LIST_LIMIT = 1000;
const MAX_KEY_BYTES = 1024;

interface StoredObject {
  key: string;
  size: number;
  etag: string;
  uploaded: string;
  httpMetadata: R2HTTPMetadata;
  customMetadata: Record<string, string>;
}

type PutValue = ReadableStream | ArrayBuffer | ArrayBufferView | string | null | Blob;

export function directoryBucket(directory: string): R2Bucket {
  mkdirSync(directory, { recursive: true });
  const bucket = {
    async put(key: string, value: PutValue, options: R2PutOptions = {}): Promise<R2Object> {
      checkKey(key);
      const bytes = await toBytes(value);
      const record: StoredObject = {
        key,
        size: bytes.byteLength,
        etag: createHash("md5").update(bytes).digest("hex"),
        uploaded: new Date().toISOString(),
        httpMetadata: httpMetadataOf(options.httpMetadata),
        customMetadata: { ...options.customMetadata },
      };
      const base = join(directory, fileName(key));
      // Written aside and renamed, so a reader never sees half an object.
      writeFileSync(`${base}.tmp`, bytes);
      renameSync(`${base}.tmp`, `${base}.bin`);
      writeFileSync(`${base}.json.tmp`, JSON.stringify(record));
      renameSync(`${base}.json.tmp`, `${base}.json`);
      return toObject(record);
    },

    async get(key: string, options: R2GetOptions = {}): Promise<R2ObjectBody | null> {
      const record = readRecord(directory, key);
      if (!record) return null;
      const all = readFileSync(join(directory, `${fileName(key)}.bin`));
      // A Range header is not supported here; the Worker passes R2Range objects.
      const range = options.range instanceof Headers ? undefined : (options.range as R2Range | undefined);
      const [start, end] = rangeBounds(range, all.byteLength);
      return toBody(record, new Uint8Array(all.subarray(start, end)), range);
    },

    async head(key: string): Promise<R2Object | null> {
      const record = readRecord(directory, key);
      return record ? toObject(record) : null;
    },

    async delete(keys: string | string[]): Promise<void> {
      for (const key of Array.isArray(keys) ? keys : [keys]) {
        const base = join(directory, fileName(key));
        rmSync(`${base}.json`, { force: true });
        rmSync(`${base}.bin`, { force: true });
      }
    },

    async list(options: R2ListOptions = {}) {
      const prefix = options.prefix ?? "";
      const limit = Math.min(options.limit ?? DEFAULT_LIST_LIMIT, DEFAULT_LIST_LIMIT);
      const include = new Set(options.include ?? []);
      const after = options.cursor ?? options.startAfter ?? "";
      const records = readdirSync(directory)
        .filter((name) => name.endsWith(".json"))
        .map((name) => JSON.parse(readFileSync(join(directory, name), "utf8")) as StoredObject)
        .filter((record) => record.key.startsWith(prefix) && record.key > after)
        .sort((a, b) => (a.key < b.key ? -1 : 1));
      const objects: R2Object[] = [];
      const prefixes = new Set<string>();
      let last = "";
      for (const record of records) {
        if (objects.length + prefixes.size >= limit) {
          return { objects, delimitedPrefixes: [...prefixes], truncated: true as const, cursor: last };
        }
        last = record.key;
        const rest = record.key.slice(prefix.length);
        const cut = options.delimiter ? rest.indexOf(options.delimiter) : -1;
        if (options.delimiter && cut >= 0) {
          prefixes.add(prefix + rest.slice(0, cut + options.delimiter.length));
          continue;
        }
        // R2 leaves metadata out of listings unless asked for it with `include`.
        objects.push(
          toObject({
            ...record,
            httpMetadata: include.has("httpMetadata") ? record.httpMetadata : {},
            customMetadata: include.has("customMetadata") ? record.customMetadata : {},
          }),
        );
      }
      return { objects, delimitedPrefixes: [...prefixes], truncated: false as const };
    },
  };
  return bucket as unknown as R2Bucket;
}

function checkKey(key: string): void {
  if (key === "" || new TextEncoder().encode(key).byteLength > MAX_KEY_BYTES) {
    throw new Error(`put: the key must be 1 to ${MAX_KEY_BYTES} bytes`);
  }
}

function fileName(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

function readRecord(directory: string, key: string): StoredObject | null {
  try {
    return JSON.parse(readFileSync(join(directory, `${fileName(key)}.json`), "utf8")) as StoredObject;
  } catch {
    return null;
  }
}

async function toBytes(value: PutValue): Promise<Uint8Array> {
  if (value === null) return new Uint8Array();
  if (typeof value === "string") return new TextEncoder().encode(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
  if (ArrayBuffer.isView(value))
    return Uint8Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  if (value instanceof Blob) return new Uint8Array(await value.arrayBuffer());
  return new Uint8Array(await new Response(value).arrayBuffer());
}

function httpMetadataOf(metadata: R2HTTPMetadata | Headers | undefined): R2HTTPMetadata {
  if (!metadata) return {};
  if (!(metadata instanceof Headers)) return { ...metadata };
  const fromHeaders: R2HTTPMetadata = {};
  const pairs: [keyof R2HTTPMetadata, string][] = [
    ["contentType", "content-type"],
    ["contentLanguage", "content-language"],
    ["contentDisposition", "content-disposition"],
    ["contentEncoding", "content-encoding"],
    ["cacheControl", "cache-control"],
  ];
  for (const [field, header] of pairs) {
    const value = metadata.get(header);
    if (value !== null) (fromHeaders as Record<string, string>)[field] = value;
  }
  return fromHeaders;
}

function rangeBounds(range: R2Range | undefined, size: number): [number, number] {
  if (!range) return [0, size];
  if ("suffix" in range) return [Math.max(0, size - range.suffix), size];
  const start = range.offset ?? 0;
  return [start, range.length === undefined ? size : Math.min(size, start + range.length)];
}

function toObject(record: StoredObject, range?: R2Range): R2Object {
  const object = {
    key: record.key,
    version: record.etag,
    size: record.size,
    etag: record.etag,
    httpEtag: `"${record.etag}"`,
    checksums: { toJSON: () => ({}) },
    uploaded: new Date(record.uploaded),
    httpMetadata: record.httpMetadata,
    customMetadata: record.customMetadata,
    storageClass: "Standard",
    ...(range ? { range } : {}),
    writeHttpMetadata(headers: Headers) {
      const metadata = record.httpMetadata;
      if (metadata.contentType) headers.set("content-type", metadata.contentType);
      if (metadata.contentLanguage) headers.set("content-language", metadata.contentLanguage);
      if (metadata.contentDisposition) headers.set("content-disposition", metadata.contentDisposition);
      if (metadata.contentEncoding) headers.set("content-encoding", metadata.contentEncoding);
      if (metadata.cacheControl) headers.set("cache-control", metadata.cacheControl);
    },
  };
  return object as unknown as R2Object;
}

function toBody(record: StoredObject, bytes: Uint8Array, range?: R2Range): R2ObjectBody {
  let used = false;
  const take = () => {
    if (used) throw new TypeError("the object's body has already been read");
    used = true;
    return bytes;
  };
  // Descriptors, not Object.assign: assign would call the body getter and use the body up.
  const reads = {
    get body() {
      const chunk = take();
      return new ReadableStream({
        start(controller) {
          controller.enqueue(chunk);
          controller.close();
        },
      });
    },
    get bodyUsed() {
      return used;
    },
    arrayBuffer: async () => {
      const chunk = take();
      return chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength);
    },
    bytes: async () => take(),
    text: async () => new TextDecoder().decode(take()),
    json: async () => JSON.parse(new TextDecoder().decode(take())),
    blob: async () => new Blob([Uint8Array.from(take())]),
  };
  const object = Object.defineProperties(toObject(record, range), Object.getOwnPropertyDescriptors(reads));
  return object as unknown as R2ObjectBody;
}
