import type { User } from "./auth.ts";

/** A user as the admin's list shows it: with `enabled` and `created_at`, which sign-in leaves out. */
export type ManagedUser = Required<User>;

export interface UserList {
  users: ManagedUser[];
}

export interface UserAnswer {
  user: ManagedUser;
}

export interface PasswordReset {
  user: ManagedUser;
  /** Shown once; the user must replace it at next sign-in. */
  temporary_password: string;
}
