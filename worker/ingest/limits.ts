/** Ingest limits, in one place so the API docs, the errors and the tests agree. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
export const MAX_EVENTS_PER_BATCH = 10_000;
/**
 * The largest `.evtx` file `POST /api/v1/ingest/evtx` takes: a default-sized Windows log (20 MB)
 * with room, read and matched in one request well within a Worker's CPU limit.
 */
export const MAX_EVTX_BYTES = 32 * 1024 * 1024;
/** One event must fit in one retry-queue message (128 KB) with room for the envelope. */
export const MAX_EVENT_BYTES = 100 * 1024;
export const MAX_BATCH_ID_LENGTH = 128;
/**
 * Deepest nesting of objects and arrays in one event. SQLite's JSON functions stop at 1,000 and a
 * search over a row they cannot read fails; real logs nest a handful of levels.
 */
export const MAX_EVENT_DEPTH = 64;
/** How far ahead of its arrival an event may be dated: clock skew, not a typo such as year 9999. */
export const MAX_FUTURE_SKEW_MS = 24 * 3_600_000;
