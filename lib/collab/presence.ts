import "server-only";
import { db } from "@/lib/db";

// Who is in which story, across instances: each instance refreshes its own rows; a row not seen
// for PRESENCE_STALE_MS belongs to an instance that stopped without saying so, and is not counted.

export const PRESENCE_STALE_MS = 45_000;

export async function recordPresence(articleId: string, userId: string, instanceId: string) {
  await db.collabPresence.upsert({
    where: { articleId_userId_instanceId: { articleId, userId, instanceId } },
    create: { articleId, userId, instanceId },
    update: { seenAt: new Date() },
  });
}

export async function forgetPresence(articleId: string, userId: string, instanceId: string) {
  await db.collabPresence.deleteMany({ where: { articleId, userId, instanceId } });
}

/** One statement for everyone this instance has connected; its other rows are dropped. */
export async function refreshPresence(present: Array<{ articleId: string; userId: string }>, instanceId: string) {
  await db.$transaction([
    db.collabPresence.deleteMany({
      where: present.length
        ? { instanceId, NOT: { OR: present.map((row) => ({ articleId: row.articleId, userId: row.userId })) } }
        : { instanceId },
    }),
    db.collabPresence.updateMany({ where: { instanceId }, data: { seenAt: new Date() } }),
  ]);
}

/** How many people have each of these articles open right now (articles nobody has open are absent). */
export async function editingCounts(articleIds: readonly string[]): Promise<Map<string, number>> {
  if (articleIds.length === 0) return new Map();
  // Distinct people: someone with the story open on two instances is one person editing.
  const rows = await db.$queryRaw<Array<{ articleId: string; people: number }>>`
    SELECT "articleId", COUNT(DISTINCT "userId")::int AS people FROM "CollabPresence"
    WHERE "articleId" = ANY(${[...articleIds]}) AND "seenAt" > ${new Date(Date.now() - PRESENCE_STALE_MS)}
    GROUP BY "articleId"`;
  return new Map(rows.map((row) => [row.articleId, row.people]));
}
