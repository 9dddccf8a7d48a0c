export type Role = "admin" | "analyst" | "viewer";

export interface User {
  id: number;
  username: string;
  role: Role;
  /** False until an admin approves a sign-up, or after an admin disables the account. */
  enabled: boolean;
  /** True after an admin reset the password: every API but sign-out and the change answers 403. */
  must_change_password: boolean;
  /** Epoch milliseconds. */
  created_at: number;
}

export interface Health {
  ok: boolean;
  version: string;
  database: string;
}

export type SignupStatus = "pending" | "active";

export interface SignedIn {
  user: User;
  token: string;
  expires_at: string;
  /** The account must choose a new password (POST /api/v1/auth/password) before anything else. */
  password_change_required: boolean;
}

export interface PasswordChanged {
  ok: true;
}

export interface SignedOut {
  ok: true;
}

export interface CurrentUser {
  user: User;
}

export interface SignedUp {
  user: User;
  status: SignupStatus;
}

/** Whether the sign-in page offers single sign-on, and through what. */
export interface SsoMethods {
  enabled: boolean;
  provider: "cloudflare-access" | "oidc" | null;
}
