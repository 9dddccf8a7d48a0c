export type Role = "admin" | "analyst" | "viewer";

export interface User {
  id: number;
  username: string;
  role: Role;
  /** False until an admin approves a sign-up, or after an admin disables the account. */
  enabled: boolean;
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
