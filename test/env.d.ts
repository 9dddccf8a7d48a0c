import type { D1Migration } from "cloudflare:test";
import type { Env as WorkerEnv } from "../worker/env.ts";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      /** A second D1 for test/unit/store/event-shards.test.ts. */
      EVENT_SHARD_TEST: D1Database;
    }
  }
}

/** A fixture's text, as Vite's `?raw` suffix imports it (test/fixtures/zeek/*.log). */
declare module "*?raw" {
  const text: string;
  export default text;
}
