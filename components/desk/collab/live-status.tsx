"use client";

import type { LiveConnection, LivePerson } from "./use-live-session";

const CONNECTION_TEXT: Record<LiveConnection, string> = {
  connecting: "Connecting…",
  connected: "Live",
  reconnecting: "Reconnecting…",
  offline: "Offline — your edits will be sent when you reconnect",
  "session-ended": "Signed out — your session ended. Copy your latest text, sign in again and reload",
};

/** Whether the editor is connected to the story's live session, in words. */
export function LiveStatus({ connection, synced }: { connection: LiveConnection; synced: boolean }) {
  const text = connection === "connected" && !synced ? "Connecting…" : CONNECTION_TEXT[connection];
  return (
    <p className={`live-status live-status-${connection}`} role="status" aria-live="polite" data-testid="live-status">
      <span className="live-status-dot" aria-hidden="true" />
      {text}
    </p>
  );
}

/** Who is in the story now (names and the colours of their carets), this editor first. */
export function LivePresence({ people, meId }: { people: LivePerson[]; meId: string }) {
  const ordered = [...people].sort((a, b) => (a.id === meId ? -1 : b.id === meId ? 1 : a.name.localeCompare(b.name)));
  return (
    <section className="live-presence" aria-labelledby="live-presence-title">
      <h2 id="live-presence-title" className="live-presence-title">
        In this story
      </h2>
      <ul aria-labelledby="live-presence-title">
        {ordered.map((person) => (
          <li key={person.id} data-person-id={person.id}>
            <span className="live-presence-dot" style={{ backgroundColor: person.color }} aria-hidden="true" />
            {person.name}
            {person.id === meId ? <span className="muted"> (you)</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
