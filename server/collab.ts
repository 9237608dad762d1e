import type http from "node:http";
import type { Duplex } from "node:stream";
import { randomUUID } from "node:crypto";
import { Hocuspocus, type Document } from "@hocuspocus/server";
import { Redis as RedisExtension } from "@hocuspocus/extension-redis";
import { WebSocketServer, type WebSocket } from "ws";
import * as Y from "yjs";
import type { Actor } from "@/lib/auth/access";
import { sessionUserFromToken } from "@/lib/auth/session-token";
import { articleIdFromDocumentName, collabDocumentName } from "@/lib/collab/document";
import { COMMENTS_CHANNEL } from "@/lib/comments";
import { LiveDraftRefused, storeLiveDocument } from "@/lib/collab/live-store";
import type { SavedMessage } from "@/lib/collab/messages";
import { forgetPresence, recordPresence, refreshPresence } from "@/lib/collab/presence";
import { COLLAB_CHANNEL, loadLiveDocument, readStoredState } from "@/lib/collab/stored-state";
import { db } from "@/lib/db";
import { listenOnChannel, type ChannelListener } from "./pg-listener";
import { sessionOfRequest, type RequestSession } from "./session";

// Live co-editing over WebSocket at /collab, on the same port as the web app. Every connection
// carries a next-auth session that is checked on the upgrade and again every few seconds; the
// document name says which article, and nothing of a draft is sent before both checks pass.

export const COLLAB_PATH = "/collab";
/** How often open sockets' sessions are checked again (a disabled user is out within this). */
const SESSION_RECHECK_MS = 3_000;
/** A store that failed (database busy or away) is tried again after this long. */
const STORE_RETRY_MS = 3_000;
const PRESENCE_HEARTBEAT_MS = 15_000;
/** Close codes the desk editor understands (4xxx are application codes). */
export const CLOSE_SESSION_ENDED = 4401;
/** The stateless message telling a story's editors that its comments changed. */
export const COMMENTS_CHANGED = JSON.stringify({ type: "comments" });

type ConnectionContext = RequestSession;

export interface CollabServer {
  /** Handles an upgrade to COLLAB_PATH; returns false for other paths (left to Next). */
  handleUpgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Stores every live document and closes every socket. */
  close(): Promise<void>;
  readonly hocuspocus: Hocuspocus;
}

/** A browser sends Origin on every WebSocket; one from another site is refused (cross-site hijacking). */
function sameOrigin(request: http.IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (!origin) return true; // Not a browser: the cookie is what protects the socket.
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function refuse(socket: Duplex, status: number, reason: string) {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function redisOptions(url: string) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    options: {
      ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
      ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
      ...(parsed.pathname.length > 1 ? { db: Number(parsed.pathname.slice(1)) } : {}),
    },
  };
}

export function createCollabServer(options: { databaseUrl?: string; redisUrl?: string; log?: (message: string, error?: unknown) => void } = {}): CollabServer {
  const instanceId = randomUUID();
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[collab] ${message}`, error ?? ""));
  // Open sockets and the articles each has joined (a socket may carry several documents).
  const sockets = new Map<WebSocket, ConnectionContext & { articleIds: Set<string> }>();
  // Who changed each document since its last store: the revision's author.
  const lastEditors = new Map<string, Actor>();

  const hocuspocus = new Hocuspocus({
    name: instanceId,
    quiet: true,
    // Stores a second after typing stops, at least every 5 s while it goes on.
    debounce: 1_000,
    maxDebounce: 5_000,
    extensions: options.redisUrl ? [new RedisExtension({ ...redisOptions(options.redisUrl), identifier: instanceId })] : [],

    async onConnect({ documentName, context }) {
      const articleId = articleIdFromDocumentName(documentName);
      if (!articleId || !(context as ConnectionContext).user) throw new Error("Forbidden");
      const exists = await db.article.findUnique({ where: { id: articleId }, select: { id: true } });
      if (!exists) throw new Error("Not found");
    },

    async connected({ documentName, context, connection }) {
      const articleId = articleIdFromDocumentName(documentName)!;
      const entry = sockets.get(connection.webSocket);
      entry?.articleIds.add(articleId);
      const userId = (context as ConnectionContext).user.id;
      await recordPresence(articleId, userId, instanceId).catch((error) => log("Presence failed", error));
      // A socket that closed while the row was being written has already run onDisconnect: take the row back.
      if (!entry || !sockets.has(connection.webSocket)) {
        const stillHere = [...sockets.values()].some((other) => other.articleIds.has(articleId) && other.user.id === userId);
        if (!stillHere) await forgetPresence(articleId, userId, instanceId).catch((error) => log("Presence failed", error));
      }
    },

    async onLoadDocument({ documentName, document }) {
      await loadLiveDocument(articleIdFromDocumentName(documentName)!, document);
    },

    async onChange({ documentName, context }) {
      const user = (context as Partial<ConnectionContext> | undefined)?.user;
      if (user) lastEditors.set(documentName, user);
    },

    async onStoreDocument(payload) {
      const { documentName, document } = payload;
      const editor = lastEditors.get(documentName);
      // Changes that arrived from storage or another instance are stored by whoever made them.
      if (!editor) return;
      lastEditors.delete(documentName);
      const articleId = articleIdFromDocumentName(documentName)!;
      try {
        const saved = await storeLiveDocument(articleId, document, editor);
        const { version, savedAt, hasUnpublishedChanges, savedBy } = saved;
        document.broadcastStateless(JSON.stringify({ type: "saved", version, savedAt, hasUnpublishedChanges, savedBy } satisfies SavedMessage));
        if (saved.changed) await db.$executeRaw`SELECT pg_notify(${COLLAB_CHANNEL}, ${`${articleId}:${instanceId}`})`;
      } catch (error) {
        if (error instanceof LiveDraftRefused) {
          document.broadcastStateless(JSON.stringify({ type: "refused", message: error.message, field: error.field }));
          return;
        }
        // Try again by itself, not only at the next edit: the editors may have stopped typing (and
        // may have left, unloading the document: the retry still has it and stores it).
        lastEditors.set(documentName, editor);
        document.broadcastStateless(JSON.stringify({ type: "error", message: "The draft could not be saved. Retrying." }));
        log(`Storing ${documentName} failed`, error);
        setTimeout(() => {
          if (lastEditors.get(documentName) === editor) void hocuspocus.storeDocumentHooks(document, payload);
        }, STORE_RETRY_MS).unref();
      }
    },

    // Save (the button, Ctrl/Cmd+S) asks for the store now instead of after the pause.
    async onStateless({ payload, document }) {
      let message: { type?: unknown };
      try {
        message = JSON.parse(payload);
      } catch {
        return;
      }
      if (message.type !== "store") return;
      const debounceId = `onStoreDocument-${document.name}`;
      if (hocuspocus.debouncer.isDebounced(debounceId)) hocuspocus.debouncer.executeNow(debounceId);
    },

    async onDisconnect({ documentName, context }) {
      const articleId = articleIdFromDocumentName(documentName);
      const user = (context as Partial<ConnectionContext>).user;
      if (!articleId || !user) return;
      const stillHere = [...sockets.values()].some((entry) => entry.articleIds.has(articleId) && entry.user.id === user.id);
      if (!stillHere) await forgetPresence(articleId, user.id, instanceId).catch((error) => log("Presence failed", error));
    },
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });

  // A session that ended (disabled user, reset password, changed role) closes its sockets.
  const recheck = setInterval(() => {
    const byToken = new Map<string, Array<[WebSocket, ConnectionContext]>>();
    for (const [ws, entry] of sockets) {
      const key = `${entry.token.sub}:${String(entry.token.pwv)}`;
      byToken.set(key, [...(byToken.get(key) ?? []), [ws, entry]]);
    }
    for (const entries of byToken.values()) {
      const [, first] = entries[0];
      void sessionUserFromToken(first.token)
        .then((user) => {
          if (user && user.role === first.user.role) return;
          for (const [ws] of entries) ws.close(CLOSE_SESSION_ENDED, user ? "Your role changed" : "Your session ended");
        })
        .catch((error) => log("Session recheck failed", error));
    }
  }, SESSION_RECHECK_MS);
  recheck.unref();

  const heartbeat = setInterval(() => {
    const seen = [...new Set([...sockets.values()].flatMap((entry) => [...entry.articleIds].map((id) => `${id}\u0000${entry.user.id}`)))].map((key) => {
      const [articleId, userId] = key.split("\u0000");
      return { articleId, userId };
    });
    void refreshPresence(seen, instanceId).catch((error) => log("Presence failed", error));
  }, PRESENCE_HEARTBEAT_MS);
  heartbeat.unref();

  // Stored state changed elsewhere (a restore, a save through the API, another instance's session):
  // merge it into the live document here, which sends the difference to this instance's editors.
  let listener: ChannelListener | null = null;
  if (options.databaseUrl) {
    listener = listenOnChannel({
      connectionString: options.databaseUrl,
      channel: COLLAB_CHANNEL,
      applicationName: "copydesk-collab-listener",
      log,
      onConnected: async () => {
        for (const [name, document] of hocuspocus.documents) await mergeStored(name, document);
      },
      onPayload: async (payload) => {
        const [articleId, from] = payload.split(":");
        if (from === instanceId) return;
        const document = hocuspocus.documents.get(`article:${articleId}`);
        if (document) await mergeStored(document.name, document);
      },
    });
  }

  // A comment changed (on any instance): this instance's editors of that story reload the threads.
  const commentsListener: ChannelListener | null = options.databaseUrl
    ? listenOnChannel({
        connectionString: options.databaseUrl,
        channel: COMMENTS_CHANNEL,
        applicationName: "copydesk-comments-listener",
        log,
        onConnected: () => {
          for (const document of hocuspocus.documents.values()) document.broadcastStateless(COMMENTS_CHANGED);
        },
        onPayload: (articleId) => {
          hocuspocus.documents.get(collabDocumentName(articleId))?.broadcastStateless(COMMENTS_CHANGED);
        },
      })
    : null;

  async function mergeStored(name: string, document: Document) {
    const articleId = articleIdFromDocumentName(name);
    const state = articleId ? await readStoredState(articleId) : null;
    if (state) Y.applyUpdate(document, state, "storage");
  }

  return {
    hocuspocus,
    handleUpgrade(request, socket, head) {
      const url = request.url ?? "";
      if (url !== COLLAB_PATH && !url.startsWith(`${COLLAB_PATH}/`) && !url.startsWith(`${COLLAB_PATH}?`)) return false;
      if (!sameOrigin(request)) {
        refuse(socket, 403, "Forbidden");
        return true;
      }
      sessionOfRequest(request)
        .then((context) => {
          if (!context) return refuse(socket, 401, "Unauthorized");
          wss.handleUpgrade(request, socket, head, (ws) => {
            sockets.set(ws, { ...context, articleIds: new Set() });
            ws.on("close", () => sockets.delete(ws));
            hocuspocus.handleConnection(ws, request, context);
          });
        })
        .catch((error) => {
          log("Upgrade failed", error);
          refuse(socket, 500, "Internal Server Error");
        });
      return true;
    },
    async close() {
      clearInterval(recheck);
      clearInterval(heartbeat);
      await listener?.close();
      await commentsListener?.close();
      // Store what was typed before the sockets go: clients also keep it and resend on reconnect.
      for (const document of hocuspocus.documents.values()) {
        await hocuspocus.storeDocumentHooks(document, { clientsCount: document.getConnectionsCount(), context: {}, document, documentName: document.name, instance: hocuspocus, requestHeaders: {}, requestParameters: new URLSearchParams(), socketId: "server" }, true).catch((error) => log("Final store failed", error));
      }
      for (const ws of sockets.keys()) ws.terminate();
      wss.close();
      await db.collabPresence.deleteMany({ where: { instanceId } }).catch(() => {});
    },
  };
}
