import type { User } from "./auth.ts";

/** A user as the admin's list shows it: with `enabled` and `created_at`, which sign-in leaves out. */
export type ManagedUser = Required<User>;

export interface UserList {
  users: ManagedUser[];
}

export interface UserAnswer {
  user: ManagedUser;
}
