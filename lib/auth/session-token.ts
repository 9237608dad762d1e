import "server-only";
import { db } from "@/lib/db";
import type { Actor } from "./access";
import { passwordVersion } from "./login";

// Apart from session.ts (next-auth's options and Next's request context) so that the Node server
// around Next (the co-editing sockets) checks sessions by the same rule.

/** Looks up a session token's user, refusing disabled users and sessions from before a password reset. */
export async function sessionUserFromToken(token: { sub?: string; pwv?: unknown } | null): Promise<Actor | null> {
  if (!token?.sub) return null;
  const user = await db.user.findUnique({
    where: { id: token.sub },
    select: { id: true, email: true, name: true, role: true, disabled: true, passwordHash: true },
  });
  if (!user || user.disabled) return null;
  if (token.pwv !== passwordVersion(user.passwordHash)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
