"use client";

import { HocuspocusProvider } from "@hocuspocus/provider";
import { useEffect, useState } from "react";
import * as Y from "yjs";
import { collabDocumentName } from "@/lib/collab/document";

// One live session per open article: the shared document, the connection to /collab and what the
// editor shows about it (connected or not, saved or not, who else is here).

/** The close code the server uses when a session ended (disabled account, reset password, role change). */
const CLOSE_SESSION_ENDED = 4401;

export type LiveConnection = "connecting" | "connected" | "offline" | "session-ended";

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
}

export interface LiveSessionState {
  session: LiveSession | null;
  connection: LiveConnection;
  /** The document has its server state (before this, editors show nothing editable). */
  synced: boolean;
  /** Edits not yet acknowledged by the server (typed offline, or in flight). */
  unsent: boolean;
  /** When the server last wrote the draft, and its version. */
  saved: { at: string; version: number } | null;
  /** Why the server could not write the draft (the text is kept in the live document). */
  problem: string | null;
  /** Everyone in the story, this editor included, each once. */
  people: LivePerson[];
}

const COLORS = ["#b4235a", "#0b6e4f", "#1d4ed8", "#9a3412", "#6d28d9", "#0e7490", "#a16207", "#be123c"];
export function colorFor(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length];
}

function collabUrl() {
  return `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/collab`;
}

export function useLiveSession(articleId: string, me: { id: string; name: string }): LiveSessionState {
  const [session, setSession] = useState<LiveSession | null>(null);
  const [connection, setConnection] = useState<LiveConnection>("connecting");
  const [synced, setSynced] = useState(false);
  const [unsent, setUnsent] = useState(false);
  const [saved, setSaved] = useState<LiveSessionState["saved"]>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [people, setPeople] = useState<LivePerson[]>([]);

  useEffect(() => {
    const doc = new Y.Doc();
    const color = colorFor(me.id);
    const provider = new HocuspocusProvider({
      url: collabUrl(),
      name: collabDocumentName(articleId),
      document: doc,
      onStatus: ({ status }) => setConnection((current) => (current === "session-ended" ? current : status === "connected" ? "connected" : status === "connecting" ? "connecting" : "offline")),
      onSynced: ({ state }) => setSynced((was) => was || state),
      onUnsyncedChanges: ({ number }) => setUnsent(number > 0),
      onClose: ({ event }) => {
        if (event.code !== CLOSE_SESSION_ENDED) return;
        setConnection("session-ended");
        // Reconnecting would be refused: stop, and keep the text on screen for the editor to copy.
        provider.disconnect();
      },
      onStateless: ({ payload }) => {
        let message: { type?: string; savedAt?: string; version?: number; message?: string };
        try {
          message = JSON.parse(payload);
        } catch {
          return;
        }
        if (message.type === "saved" && message.savedAt && message.version) {
          setSaved({ at: message.savedAt, version: message.version });
          setProblem(null);
        } else if ((message.type === "refused" || message.type === "error") && message.message) {
          setProblem(message.message);
        }
      },
    });
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
    const goOffline = () => setConnection((current) => (current === "session-ended" ? current : "offline"));
    window.addEventListener("offline", goOffline);
    // The session is an outside resource made in the browser only, owned by this effect.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSession({ doc, provider, me: { ...me, color } });
    return () => {
      window.removeEventListener("offline", goOffline);
      provider.awareness?.off("change", updatePeople);
      provider.destroy();
      doc.destroy();
      setSession(null);
    };
  }, [articleId, me.id, me.name]); // eslint-disable-line react-hooks/exhaustive-deps -- `me` is identified by its fields

  return { session, connection, synced, unsent, saved, problem, people };
}
