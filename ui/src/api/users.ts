import type { Role, User } from "./auth";
import { request } from "./client";

type Opts = { signal?: AbortSignal };

/** Admin only. New users arrive through sign-up; an admin enables them and sets their role. */
export const usersApi = {
  list: (opts?: Opts) => request<{ users: Required<User>[] }>("GET", "/users", undefined, opts),
  update: (id: number, changes: { role?: Role; enabled?: boolean }) =>
    request<{ user: Required<User> }>("PATCH", `/users/${id}`, changes),
};
