import type { Context } from "hono";
import type { Env } from "../env.ts";
import type { StoreHandle } from "../store/handle.ts";
import type { UserRow } from "../store/schema.ts";

export interface Variables {
  store: StoreHandle;
  user: UserRow;
  sessionId: string;
  agent: { tokenId: string; name: string };
}

export type AppEnv = { Bindings: Env; Variables: Variables };
export type AppContext = Context<AppEnv>;
