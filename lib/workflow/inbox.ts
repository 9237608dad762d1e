import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { NotFoundError } from "@/lib/errors";
import type { InboxReadInput } from "./stages";

// The desk inbox: hand-offs (submit, assign, return) and scheduled-publish failures, one entry
// per recipient. Written inside the transaction of the change it announces.

export const INBOX_KINDS = ["submitted", "assigned", "returned", "schedule_failed", "mentioned", "replied"] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

type InboxWriter = Pick<Prisma.TransactionClient, "inboxEntry" | "$executeRaw">;

/** NOTIFY channel whose payload is a recipient's id: the desk header's live count listens (server/inbox-events.ts). */
export const INBOX_CHANNEL = "copydesk_inbox";

export interface InboxEntryInput {
  recipientId: string;
  actorId: string | null;
  kind: InboxKind;
  articleId: string | null;
  message: string;
}

/** Adds entries, skipping anyone told about their own action. */
export async function addInboxEntries(client: InboxWriter, entries: InboxEntryInput[]): Promise<void> {
  const wanted = entries.filter((entry) => entry.recipientId !== entry.actorId);
  if (wanted.length === 0) return;
  await client.inboxEntry.createMany({ data: wanted });
  // Sent at commit (NOTIFY is transactional), so a count is never announced for a rolled-back entry.
  for (const recipientId of new Set(wanted.map((entry) => entry.recipientId))) {
    await client.$executeRaw`SELECT pg_notify(${INBOX_CHANNEL}, ${recipientId})`;
  }
}

export interface InboxEntryView {
  id: string;
  kind: string;
  message: string;
  createdAt: string;
  read: boolean;
  actor: string | null;
  article: { id: string; headline: string } | null;
}

const INBOX_PAGE = 100;

export async function listInbox(userId: string): Promise<InboxEntryView[]> {
  const rows = await db.inboxEntry.findMany({
    where: { recipientId: userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: INBOX_PAGE,
    select: {
      id: true,
      kind: true,
      message: true,
      createdAt: true,
      readAt: true,
      actor: { select: { name: true } },
      article: { select: { id: true, headline: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    message: row.message,
    createdAt: row.createdAt.toISOString(),
    read: row.readAt !== null,
    actor: row.actor?.name ?? null,
    article: row.article,
  }));
}

/** The header's count (an index scan on recipient + unread). */
export function unreadInboxCount(userId: string): Promise<number> {
  return db.inboxEntry.count({ where: { recipientId: userId, readAt: null } });
}

/** Marks one of the actor's own entries (or all of them) read; someone else's entry is "not found". */
export async function markInboxRead(input: InboxReadInput & { entryId?: string }, actor: { id: string }): Promise<{ marked: number }> {
  const now = new Date();
  const where = input.entryId ? { id: input.entryId, recipientId: actor.id } : { recipientId: actor.id, readAt: null };
  const { count } = await db.$transaction(async (tx) => {
    const marked = await tx.inboxEntry.updateMany({ where, data: { readAt: now } });
    // The person's other tabs update their count too.
    if (marked.count > 0) await tx.$executeRaw`SELECT pg_notify(${INBOX_CHANNEL}, ${actor.id})`;
    return marked;
  });
  if (input.entryId && count === 0) throw new NotFoundError("This inbox entry does not exist.");
  return { marked: count };
}
