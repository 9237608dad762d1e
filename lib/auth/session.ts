import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getToken, type JWT } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { authenticate, clientAddress, LoginRefusedError, passwordVersion, SIGN_IN_UNAVAILABLE, type AuthenticatedUser } from "./login";
import { assertRole, type Actor } from "./access";
import { roleAtLeast, type RoleName } from "./roles";

export { assertRole, type Actor } from "./access";
export { roleAtLeast, ROLES, ROLE_LABELS, type RoleName } from "./roles";

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, request) {
        try {
          const user = await authenticate(credentials, { ip: clientAddress(request?.headers) });
          // next-auth keeps only what the jwt callback copies into the token.
          return { id: user.id, email: user.email, name: user.name, role: user.role, passwordVersion: user.passwordVersion };
        } catch (error) {
          // next-auth shows a thrown error's message to the sign-in form; only ours are fit for that.
          if (error instanceof LoginRefusedError) throw new Error(error.message);
          console.error("[copydesk] sign-in failed unexpectedly", error);
          throw new Error(SIGN_IN_UNAVAILABLE);
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        const signedIn = user as unknown as AuthenticatedUser;
        token.sub = signedIn.id;
        token.pwv = signedIn.passwordVersion;
      }
      return token;
    },
    session({ session, token }) {
      // The browser learns only its own id; role and status are always re-read on the server.
      if (session.user) (session.user as { id?: string }).id = token.sub;
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      const id = (token as JWT | null)?.sub;
      if (id) await recordAudit(db, { actorId: id, action: "logout", targetType: "user", targetId: id }).catch(() => {});
    },
  },
};

async function readToken(): Promise<JWT | null> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  // getToken reads `cookies.getAll()` and `headers.get()`; Next's request stores provide both.
  return getToken({ req: { cookies: cookieStore, headers: headerList } as unknown as Parameters<typeof getToken>[0]["req"] });
}

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

/** The signed-in user, or null. For pages that look different when signed in; mutations use requireUser. */
export async function getSessionUser(): Promise<Actor | null> {
  return sessionUserFromToken(await readToken());
}

/**
 * For server actions and route handlers: the current user, re-read from the database so a
 * disabled account or a changed role takes effect on the very next request. Throws
 * UnauthenticatedError (401) or ForbiddenError (403).
 */
export async function requireUser(min: RoleName = "reporter"): Promise<Actor> {
  return assertRole(await getSessionUser(), min);
}

/**
 * For pages — and their `generateMetadata`, which runs separately and must not load anything
 * the page would refuse to show: like requireUser, but a signed-out visitor is sent to /login
 * (and back afterwards). Returns `{ user, allowed }` so the page can show a clear "not for your
 * role" message. Memoized per request, so page and metadata read the user once.
 */
export const requirePageUser = cache(async (min: RoleName = "reporter", returnTo = "/desk"): Promise<{ user: Actor; allowed: boolean }> => {
  const user = await getSessionUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return { user, allowed: roleAtLeast(user.role, min) };
});
