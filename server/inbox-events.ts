import type http from "node:http";
import { sessionUserFromToken } from "@/lib/auth/session-token";
import { INBOX_CHANNEL, unreadInboxCount } from "@/lib/workflow/inbox";
import { listenOnChannel, type ChannelListener } from "./pg-listener";
import { sessionOfRequest, type RequestSession } from "./session";

// GET /api/inbox/events — the signed-in desk user's unread inbox count as a Server-Sent Events
// stream: sent on connect and again whenever an entry for them commits (on any instance: the
// writers NOTIFY INBOX_CHANNEL). The header's count stays live without polling.

export const INBOX_EVENTS_PATH = "/api/inbox/events";
const SESSION_RECHECK_MS = 30_000;
/** Proxies drop idle streams; a comment line every so often keeps them open. */
const KEEPALIVE_MS = 25_000;

interface Stream {
  response: http.ServerResponse;
  session: RequestSession;
}

export interface InboxEvents {
  /** Answers INBOX_EVENTS_PATH; returns false for other requests (left to the next handler). */
  handle(request: http.IncomingMessage, response: http.ServerResponse): boolean;
  close(): Promise<void>;
}

export function createInboxEvents(options: { databaseUrl?: string; log?: (message: string, error?: unknown) => void } = {}): InboxEvents {
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[inbox] ${message}`, error ?? ""));
  const streams = new Map<string, Set<Stream>>();

  const send = (stream: Stream, unread: number) => stream.response.write(`event: unread\ndata: ${JSON.stringify({ unread })}\n\n`);
  const drop = (stream: Stream) => {
    const mine = streams.get(stream.session.user.id);
    mine?.delete(stream);
    if (mine?.size === 0) streams.delete(stream.session.user.id);
  };

  async function push(userId: string) {
    const mine = streams.get(userId);
    if (!mine?.size) return;
    const unread = await unreadInboxCount(userId);
    for (const stream of mine) send(stream, unread);
  }

  const listener: ChannelListener | null = options.databaseUrl
    ? listenOnChannel({
        connectionString: options.databaseUrl,
        channel: INBOX_CHANNEL,
        applicationName: "copydesk-inbox-listener",
        log,
        // Entries may have arrived while nobody listened: everyone gets a fresh count.
        onConnected: async () => {
          for (const userId of streams.keys()) await push(userId);
        },
        onPayload: (userId) => push(userId),
      })
    : null;

  // An ended session (disabled, password reset, signed out elsewhere) stops getting counts.
  const recheck = setInterval(() => {
    for (const mine of streams.values()) {
      for (const stream of mine) {
        void sessionUserFromToken(stream.session.token)
          .then((user) => {
            if (!user) stream.response.end();
          })
          .catch((error) => log("Session recheck failed", error));
      }
    }
  }, SESSION_RECHECK_MS);
  recheck.unref();
  const keepalive = setInterval(() => {
    for (const mine of streams.values()) for (const stream of mine) stream.response.write(": keepalive\n\n");
  }, KEEPALIVE_MS);
  keepalive.unref();

  async function open(request: http.IncomingMessage, response: http.ServerResponse) {
    const session = await sessionOfRequest(request);
    if (!session) {
      response.writeHead(401, { "content-type": "text/plain", "cache-control": "no-store" });
      response.end("Sign in to see your inbox.");
      return;
    }
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive", "x-accel-buffering": "no" });
    const stream: Stream = { response, session };
    const mine = streams.get(session.user.id) ?? new Set();
    mine.add(stream);
    streams.set(session.user.id, mine);
    response.on("close", () => drop(stream));
    send(stream, await unreadInboxCount(session.user.id));
  }

  return {
    handle(request, response) {
      const path = (request.url ?? "").split("?")[0];
      if (path !== INBOX_EVENTS_PATH) return false;
      if (request.method !== "GET") {
        response.writeHead(405, { allow: "GET", "content-type": "text/plain" });
        response.end("Method not allowed");
        return true;
      }
      open(request, response).catch((error) => {
        log("Opening an inbox stream failed", error);
        if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
        response.end();
      });
      return true;
    },
    async close() {
      clearInterval(recheck);
      clearInterval(keepalive);
      await listener?.close();
      for (const mine of streams.values()) for (const stream of mine) stream.response.end();
      streams.clear();
    },
  };
}
