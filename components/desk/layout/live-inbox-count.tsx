"use client";

import { useEffect, useState } from "react";

/** The header's unread count, kept live by the server's event stream (server/inbox-events.ts). */
export function LiveInboxCount({ initial }: { initial: number }) {
  const [unread, setUnread] = useState(initial);
  // A page refresh (marking entries read) brings a newer count from the server: adopt it while
  // rendering (React's pattern for state derived from a prop), keeping the stream open.
  const [seenInitial, setSeenInitial] = useState(initial);
  if (initial !== seenInitial) {
    setSeenInitial(initial);
    setUnread(initial);
  }
  useEffect(() => {
    // EventSource reconnects by itself after a dropped connection; the first event is the count.
    const source = new EventSource("/api/inbox/events");
    const onUnread = (event: MessageEvent<string>) => {
      try {
        const data = JSON.parse(event.data) as { unread?: unknown };
        if (typeof data.unread === "number") setUnread(data.unread);
      } catch {
        // A malformed event changes nothing.
      }
    };
    source.addEventListener("unread", onUnread);
    return () => {
      source.removeEventListener("unread", onUnread);
      source.close();
    };
  }, []);
  return (
    <span className="inbox-count" data-testid="inbox-count" aria-label={`${unread} unread`} aria-live="polite">
      {unread}
    </span>
  );
}
