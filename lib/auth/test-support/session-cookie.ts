import { encode } from "next-auth/jwt";
import { db } from "@/lib/db";
import { passwordVersion } from "../login";

export const SESSION_COOKIE = "next-auth.session-token";

/**
 * A next-auth session cookie value for `userId`, as the sign-in would set it (tests that call real
 * server actions put it in a mocked `next/headers` cookie jar; requireUser reads it as in production).
 */
export async function sessionCookieFor(userId: string, secret: string): Promise<string> {
  const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  return encode({ token: { sub: userId, pwv: passwordVersion(passwordHash) }, secret });
}
