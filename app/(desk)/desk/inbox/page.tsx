import type { Metadata } from "next";
import Link from "next/link";
import { DeskTime } from "@/components/desk/publishing/desk-time";
import { MarkInboxReadButton } from "@/components/desk/workflow/mark-inbox-read-button";
import { requirePageUser } from "@/lib/auth/session";
import { listInbox } from "@/lib/workflow/inbox";
import { markInboxReadAction } from "./actions";

export const metadata: Metadata = { title: "Inbox" };
export const dynamic = "force-dynamic";

// GET /desk/inbox — every desk user: hand-offs addressed to them (submitted, assigned, returned) and failed schedules
export default async function InboxPage() {
  const { user } = await requirePageUser("reporter", "/desk/inbox");
  const entries = await listInbox(user.id);
  const unread = entries.filter((entry) => !entry.read).length;
  return (
    <>
      <h1>Inbox</h1>
      {unread > 0 ? <MarkInboxReadButton label={`Mark all ${unread} read`} markRead={markInboxReadAction} /> : null}
      {entries.length === 0 ? (
        <p role="status">Nothing for you yet. Hand-offs (a story submitted, assigned or returned to you) appear here.</p>
      ) : (
        <ul className="inbox-list" data-testid="inbox">
          {entries.map((entry) => (
            <li key={entry.id} className={entry.read ? undefined : "inbox-unread"}>
              <DeskTime iso={entry.createdAt} /> — {entry.article ? <Link href={`/desk/articles/${entry.article.id}`}>{entry.message}</Link> : entry.message}
              {entry.actor ? ` (${entry.actor})` : ""}
              {entry.read ? null : (
                <>
                  {" "}
                  <MarkInboxReadButton entryId={entry.id} label="Mark read" markRead={markInboxReadAction} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
