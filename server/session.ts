import type http from "node:http";
import { getToken } from "next-auth/jwt";
import type { Actor } from "@/lib/auth/access";
import { sessionUserFromToken } from "@/lib/auth/session-token";

// The next-auth session of a raw Node request (a WebSocket upgrade, the inbox's event stream),
// checked by the same rule as every desk page (lib/auth/session-token).

export type SessionToken = { sub?: string; pwv?: unknown };
export interface RequestSession {
  user: Actor;
  token: SessionToken;
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    try {
      cookies[name] = decodeURIComponent(part.slice(index + 1).trim());
    } catch {
      // A malformed cookie is ignored, as a browser would.
    }
  }
  return cookies;
}

/** The signed-in desk user behind a request, or null. */
export async function sessionOfRequest(request: http.IncomingMessage): Promise<RequestSession | null> {
  const cookies = parseCookies(request.headers.cookie);
  const token = (await getToken({
    req: { cookies, headers: request.headers } as unknown as Parameters<typeof getToken>[0]["req"],
  })) as SessionToken | null;
  const user = await sessionUserFromToken(token);
  return user && token ? { user, token } : null;
}
