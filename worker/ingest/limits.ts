/** Ingest limits, in one place so the API docs, the errors and the tests agree. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
export const MAX_EVENTS_PER_BATCH = 10_000;
/** One event must fit in one retry-queue message (128 KB) with room for the envelope. */
export const MAX_EVENT_BYTES = 100 * 1024;
export const MAX_BATCH_ID_LENGTH = 128;
