export type { ManagedUser, UserAnswer, UserList } from "../../../worker/model/wire/users.ts";

import type { Role } from "../../../worker/model/wire/auth.ts";
import type { PasswordReset, UserAnswer, UserList } from "../../../worker/model/wire/users.ts";
import { request } from "./client";

type Opts = { signal?: AbortSignal };

/** Admin only. New users arrive through sign-up; an admin enables them and sets their role. */
export const usersApi = {
  list: (opts?: Opts) => request<UserList>("GET", "/users", undefined, opts),
  update: (id: number, changes: { role?: Role; enabled?: boolean }) =>
    request<UserAnswer>("PATCH", `/users/${id}`, changes),
  /** A one-time password to hand to the user; they must change it at next sign-in. */
  resetPassword: (id: number) => request<PasswordReset>("POST", `/users/${id}/password-reset`),
};
