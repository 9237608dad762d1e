import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { roleAtLeast, type RoleName } from "./roles";

// Kept apart from session.ts (which needs Next's request context) so the CLI and tests can use it.

/**
 * The signed-in person as the server sees them right now (read from the database, not the cookie):
 * the one actor type every lib mutation takes as its second argument, `(input, actor)`.
 */
export interface Actor {
  id: string;
  email: string;
  name: string;
  role: RoleName;
}

/** Checks that `user` exists and has at least role `min`: the one rule requireUser applies. */
export function assertRole(user: Actor | null | undefined, min: RoleName = "reporter"): Actor {
  if (!user) throw new UnauthenticatedError();
  if (!roleAtLeast(user.role, min)) throw new ForbiddenError();
  return user;
}
