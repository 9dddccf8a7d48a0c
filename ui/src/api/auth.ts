import type {
  CurrentUser,
  Health,
  PasswordChanged,
  SignedIn,
  SignedOut,
  SignedUp,
  SsoMethods,
} from "../../../worker/model/wire/auth.ts";

export type { Health, Role, SignupStatus, SsoMethods, User } from "../../../worker/model/wire/auth.ts";

import { request } from "./client";

export const authApi = {
  login: (username: string, password: string) => request<SignedIn>("POST", "/auth/login", { username, password }),
  logout: () => request<SignedOut>("POST", "/auth/logout"),
  me: () => request<CurrentUser>("GET", "/auth/me"),
  changePassword: (current: string, next: string) =>
    request<PasswordChanged>("POST", "/auth/password", { current_password: current, new_password: next }),
  signup: (username: string, password: string) => request<SignedUp>("POST", "/auth/signup", { username, password }),
  health: () => request<Health>("GET", "/health"),
  ssoMethods: () => request<SsoMethods>("GET", "/auth/sso"),
  /** Signs in with the identity Cloudflare Access or the OIDC proxy adds to the request. */
  ssoLogin: () => request<SignedIn>("POST", "/auth/sso"),
};
