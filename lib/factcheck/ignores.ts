import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/access";
import { NotFoundError } from "@/lib/errors";
import { articleIdSchema } from "@/lib/factcheck/checks";

// Findings editors decided are not errors in one article: remembered for everyone, audited.

export const findingRefSchema = z.strictObject({
  articleId: articleIdSchema,
  // Opaque to the desk: hex digits from the engine's hash (a half may carry a minus sign).
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/, "This is not a fact-check finding."),
});

export type FindingRef = z.output<typeof findingRefSchema>;

/** Remembers that editors chose to ignore this finding in this article (every occurrence of it). */
export async function ignoreFinding(ref: FindingRef, actor: Actor): Promise<void> {
  const ignore = db.$transaction(async (tx) => {
    const article = await tx.article.findUnique({ where: { id: ref.articleId }, select: { id: true } });
    if (!article) throw new NotFoundError("This article does not exist.");
    const existing = await tx.factcheckIgnore.findUnique({ where: { articleId_fingerprint: ref }, select: { id: true } });
    if (existing) return;
    await tx.factcheckIgnore.create({ data: { ...ref, createdById: actor.id } });
    await recordAudit(tx, { actorId: actor.id, action: "factcheck.ignore", targetType: "article", targetId: ref.articleId, details: { fingerprint: ref.fingerprint } });
  });
  await ignore.catch((error: unknown) => {
    // Two people ignoring it at the same moment: it is ignored, which is what both wanted.
    if ((error as { code?: unknown } | null)?.code !== "P2002") throw error;
  });
}

/** Undoes `ignoreFinding`: the finding shows again. */
export async function unignoreFinding(ref: FindingRef, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.factcheckIgnore.deleteMany({ where: { articleId: ref.articleId, fingerprint: ref.fingerprint } });
    if (count === 0) return;
    await recordAudit(tx, { actorId: actor.id, action: "factcheck.unignore", targetType: "article", targetId: ref.articleId, details: { fingerprint: ref.fingerprint } });
  });
}
