import type { Role } from "./api/auth";

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

/** Roles are ordered: an admin may do what an analyst may, an analyst what a viewer may. */
export function hasRole(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}
