import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { User } from "./api/auth";

export interface Session {
  user: User;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<Session | undefined>(undefined);

/** The signed-in user; only pages rendered inside the signed-in shell may call this. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession() called outside the signed-in shell");
  return session;
}
