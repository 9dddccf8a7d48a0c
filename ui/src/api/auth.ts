import { request } from "./client";

export type Role = "admin" | "analyst" | "viewer";

export interface User {
  id: number;
  username: string;
  role: Role;
  enabled?: boolean;
  /** Epoch milliseconds. */
  created_at?: number;
}

export interface Health {
  ok: boolean;
  version: string;
  database: string;
}

export type SignupStatus = "pending" | "active";

export const authApi = {
  login: (username: string, password: string) =>
    request<{ user: User; token: string; expires_at: string }>("POST", "/auth/login", { username, password }),
  logout: () => request<{ ok: true }>("POST", "/auth/logout"),
  me: () => request<{ user: User }>("GET", "/auth/me"),
  signup: (username: string, password: string) =>
    request<{ user: User; status: SignupStatus }>("POST", "/auth/signup", { username, password }),
  health: () => request<Health>("GET", "/health"),
};
