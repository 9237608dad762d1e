"use client";

import { HocuspocusProvider, type CompleteHocuspocusProviderWebsocketConfiguration } from "@hocuspocus/provider";
import { useCallback, useEffect, useRef, useState } from "react";
import * as Y from "yjs";
import type { CommentAnchorStore } from "@/components/desk/comments/anchor-store";
import { collabDocumentName } from "@/lib/collab/document";
import { parseStoreMessage } from "@/lib/collab/messages";

// One live session per open article: the shared document, the connection to /collab and what the
// editor shows about it (connected or not, stored or not, who else is here).

/** The close code the server uses when a session ended (disabled account, reset password, role change). */
const CLOSE_SESSION_ENDED = 4401;

/** "connecting" before the first connection; "reconnecting" after one was lost. */
export type LiveConnection = "connecting" | "connected" | "reconnecting" | "offline" | "session-ended";

export interface LivePerson {
  clientId: number;
  id: string;
  name: string;
  color: string;
}

export interface LiveSession {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  me: { id: string; name: string; color: string };
  /** The story's comment threads, placed by the body's and captions' editors (set by the live editor). */
  comments?: CommentAnchorStore;
}

export interface LiveSessionState {
  session: LiveSession | null;
  connection: LiveConnection;
  /** The document has its server state (before this, editors show nothing editable). */
  synced: boolean;
  /** Edits made here that the server has not stored as the draft yet (typed offline, in flight, or waiting to be stored). */
  pending: boolean;
  /** A store was asked for (Save) and has not been answered yet. */
  storing: boolean;
  /**
   * When the server last wrote the draft, its version, whether that differs from what readers see,
   * and who last changed it (the desk shows these without reading the page again).
   */
  saved: { at: string; version: number; hasUnpublishedChanges: boolean; by: string | null } | null;
  /** Why the server could not write the draft (the text is kept in the live document), and the field at fault. */
  problem: { message: string; field: string | null } | null;
  /** Everyone in the story, this editor included, each once. */
  people: LivePerson[];
  /** Asks the server to store the draft now instead of after its pause (Save, Ctrl/Cmd+S). */
  storeNow(): void;
}

const COLORS = ["#b4235a", "#0b6e4f", "#1d4ed8", "#9a3412", "#6d28d9", "#0e7490", "#a16207", "#be123c"];
export function colorFor(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length];
}

/**
 * Reconnecting backs off from 1 s to at most 5 s, not the provider's 30 s: after a restart or a
 * network blip, people typing to a deadline are live again within seconds of the server being
 * back. (The provider hands its configuration to the socket it makes, whose options these are;
 * its own type names only the URL.)
 */
const RECONNECT: Partial<CompleteHocuspocusProviderWebsocketConfiguration> = { maxDelay: 5_000 };

function collabUrl() {
  return `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/collab`;
}

export function useLiveSession(articleId: string, me: { id: string; name: string }): LiveSessionState {
  const [session, setSession] = useState<LiveSession | null>(null);
  const [connection, setConnection] = useState<LiveConnection>("connecting");
  const [synced, setSynced] = useState(false);
  const [pending, setPending] = useState(false);
  const [storing, setStoring] = useState(false);
  const [saved, setSaved] = useState<LiveSessionState["saved"]>(null);
  const [problem, setProblem] = useState<LiveSessionState["problem"]>(null);
  const [people, setPeople] = useState<LivePerson[]>([]);
  const providerRef = useRef<HocuspocusProvider | null>(null);
  const pendingRef = useRef(false);

  useEffect(() => {
    const doc = new Y.Doc();
    const color = colorFor(me.id);
    let wasConnected = false;
    let ended = false;
    const markPending = (value: boolean) => {
      pendingRef.current = value;
      setPending(value);
    };
    const provider = new HocuspocusProvider({
      url: collabUrl(),
      name: collabDocumentName(articleId),
      document: doc,
      ...RECONNECT,
      onStatus: ({ status }) => {
        if (ended) return;
        if (status === "connected") wasConnected = true;
        setConnection(status === "connected" ? "connected" : !navigator.onLine ? "offline" : wasConnected ? "reconnecting" : "connecting");
      },
      onSynced: ({ state }) => setSynced((was) => was || state),
      onClose: ({ event }) => {
        if (event.code !== CLOSE_SESSION_ENDED) return;
        ended = true;
        setConnection("session-ended");
        // Reconnecting would be refused: stop, and keep the text on screen for the editor to copy.
        provider.disconnect();
      },
      onStateless: ({ payload }) => {
        const message = parseStoreMessage(payload);
        if (!message) return;
        if (message.type === "saved") {
          setSaved({ at: message.savedAt, version: message.version, hasUnpublishedChanges: message.hasUnpublishedChanges, by: message.savedBy });
          setProblem(null);
          setStoring(false);
          // A store covers every edit the server had; edits still on their way are not covered.
          if (!provider.hasUnsyncedChanges) markPending(false);
        } else {
          setProblem({ message: message.message, field: message.type === "refused" ? message.field : null });
          setStoring(false);
        }
      },
    });
    providerRef.current = provider;
    // Every change made in this browser (not one arriving from the server) waits for a store.
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin !== provider) markPending(true);
    };
    doc.on("update", onUpdate);
    provider.setAwarenessField("user", { id: me.id, name: me.name, color });
    const updatePeople = () => {
      const seen = new Map<string, LivePerson>();
      for (const [clientId, state] of provider.awareness?.getStates() ?? []) {
        const user = (state as { user?: { id?: string; name?: string; color?: string } }).user;
        if (user?.id && user.name && !seen.has(user.id)) seen.set(user.id, { clientId, id: user.id, name: user.name, color: user.color ?? colorFor(user.id) });
      }
      setPeople([...seen.values()]);
    };
    provider.awareness?.on("change", updatePeople);
    // The socket may outlive a lost network for a long while: close it at once, and open it again
    // when the network is back (edits made meanwhile are in the document and merge on sync).
    const goOffline = () => {
      if (ended) return;
      setConnection("offline");
      provider.disconnect();
    };
    const goOnline = () => {
      if (ended) return;
      setConnection("reconnecting");
      void provider.connect();
    };
    window.addEventListener("offline", goOffline);
    window.addEventListener("online", goOnline);
    // The session is an outside resource made in the browser only, owned by this effect.
    setSession({ doc, provider, me: { ...me, color } });
    return () => {
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", goOnline);
      doc.off("update", onUpdate);
      provider.awareness?.off("change", updatePeople);
      provider.destroy();
      doc.destroy();
      providerRef.current = null;
      setSession(null);
    };
  }, [articleId, me.id, me.name]); // eslint-disable-line react-hooks/exhaustive-deps -- `me` is identified by its fields

  const storeNow = useCallback(() => {
    const provider = providerRef.current;
    if (!provider || !pendingRef.current) return;
    setStoring(true);
    provider.sendStateless(JSON.stringify({ type: "store" }));
  }, []);

  return { session, connection, synced, pending, storing, saved, problem, people, storeNow };
}
