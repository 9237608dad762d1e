// Roles and their order. No server-only import: the desk's client components use these too.

export const ROLES = ["admin", "editor", "reporter"] as const;
export type RoleName = (typeof ROLES)[number];

const RANK: Record<RoleName, number> = { reporter: 1, editor: 2, admin: 3 };

/** True when `role` may do what `min` may do (admin ⊇ editor ⊇ reporter). */
export function roleAtLeast(role: RoleName, min: RoleName): boolean {
  return RANK[role] >= RANK[min];
}

export function isRole(value: unknown): value is RoleName {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export const ROLE_LABELS: Record<RoleName, string> = { admin: "Admin", editor: "Editor", reporter: "Reporter" };
