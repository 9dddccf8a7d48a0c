/**
 * What an Elasticsearch client expects to read back: the cluster info it checks on start (a version
 * it accepts and the product header the official clients insist on), error bodies, and the bulk
 * answer with one item per action, in request order.
 */
import type { Rejection } from "../../model/prepared-event.ts";
import type { BulkRequest } from "./es-bulk.ts";

/** Beats 8 and 9 (with `allow_older_versions`), Vector, Fluent Bit and the npm client all accept 8.x. */
export const CLAIMED_VERSION = "8.17.0";
/** The official clients refuse an answer without it ("the client noticed that the server is not Elasticsearch"). */
export const PRODUCT_HEADERS = { "x-elastic-product": "Elasticsearch" } as const;

export interface EsErrorBody {
  error: { root_cause: { type: string; reason: string }[]; type: string; reason: string };
  status: number;
}

export function esError(status: number, type: string, reason: string): EsErrorBody {
  return { error: { root_cause: [{ type, reason }], type, reason }, status };
}

export function clusterInfo(name: string) {
  return {
    name,
    cluster_name: name,
    cluster_uuid: "edgesiem-compat",
    version: {
      number: CLAIMED_VERSION,
      build_flavor: "default",
      build_type: "edgesiem",
      build_hash: "edgesiem",
      build_date: "2024-12-11T12:08:05.663969764Z",
      build_snapshot: false,
      lucene_version: "9.12.0",
      minimum_wire_compatibility_version: "7.17.0",
      minimum_index_compatibility_version: "7.0.0",
    },
    tagline: "You Know, for Search",
  };
}

export function licenseInfo() {
  return {
    license: {
      status: "active",
      uid: "edgesiem-compat",
      type: "basic",
      issue_date: "1970-01-01T00:00:00.000Z",
      issue_date_in_millis: 0,
      max_nodes: 1000,
      issued_to: "edgesiem",
      issuer: "elasticsearch",
      start_date_in_millis: -1,
    },
  };
}

/** `GET /_xpack`, which Beats 7 read for the licence and ILM before using an index template. */
export function xpackInfo() {
  return {
    build: { hash: "edgesiem", date: "2024-12-11T12:08:05.663969764Z" },
    license: { uid: "edgesiem-compat", type: "basic", mode: "basic", status: "active" },
    features: { ilm: { available: true, enabled: true } },
  };
}

export function clusterHealth(name: string) {
  return {
    cluster_name: name,
    status: "green",
    timed_out: false,
    number_of_nodes: 1,
    number_of_data_nodes: 1,
    active_primary_shards: 0,
    active_shards: 0,
    relocating_shards: 0,
    initializing_shards: 0,
    unassigned_shards: 0,
  };
}

/** An Elasticsearch-style document id: 20 URL-safe base64 characters. */
export function documentId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(15));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_");
}

type BulkItem = Record<string, Record<string, unknown>>;

export interface BulkAnswer {
  took: number;
  errors: boolean;
  items: BulkItem[];
}

/**
 * One item per action. A record the ingest rejected fails its item with the ingest's reason; the
 * others are "created" (a queued batch too: it is durable, so the client must not resend it).
 */
export function bulkAnswer(request: BulkRequest, rejected: readonly Rejection[], took: number): BulkAnswer {
  const rejectedByRecord = new Map(rejected.map((r) => [r.index, r.error]));
  let seqNo = 0;
  const items = request.slots.map((slot): BulkItem => {
    const base = { _index: slot.index, _id: slot.id ?? documentId() };
    const rejection = slot.record === null ? undefined : rejectedByRecord.get(slot.record);
    const error =
      slot.error ?? (rejection === undefined ? null : { type: "document_parsing_exception", reason: rejection });
    if (error !== null) return { [slot.action]: { ...base, status: 400, error } };
    return {
      [slot.action]: {
        ...base,
        _version: 1,
        result: "created",
        _shards: { total: 1, successful: 1, failed: 0 },
        _seq_no: seqNo++,
        _primary_term: 1,
        status: 201,
      },
    };
  });
  return { took, errors: items.some((item) => Object.values(item).some((r) => r.status !== 201)), items };
}
