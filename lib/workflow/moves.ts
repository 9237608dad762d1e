import "server-only";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/access";
import { roleAtLeast } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { addInboxEntries, type InboxEntryInput } from "./inbox";
import { isReturn, STAGE_LABELS, type AssignRequest, type MoveStageRequest, type WorkflowStageName } from "./stages";

/** Who moves or assigns a story: the actions check the role (lib/actions) before calling in. */
export type WorkflowActor = Pick<Actor, "id">;

type Tx = Prisma.TransactionClient;

async function lockArticle(tx: Tx, articleId: string) {
  const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "Article" WHERE "id" = ${articleId} FOR UPDATE`;
  if (locked.length === 0) throw new NotFoundError("This article does not exist.");
  return tx.article.findUniqueOrThrow({
    where: { id: articleId },
    select: { id: true, headline: true, stage: true, assignedReporterId: true, assignedEditorId: true },
  });
}

export interface StageMoveResult {
  articleId: string;
  stage: WorkflowStageName;
  stageChangeId: string;
}

/**
 * Moves a story to another stage, records the move in the article's stage history and the audit
 * log, and tells the next person: a submission goes to the assigned editor's inbox, a return to
 * the reporter's. The role rules (reporters only submit, editors move anywhere) are the actions'
 * declarations: `submitStoryAction` (reporter, its schema allows only the submission) and
 * `moveStageAction` (editor).
 */
export async function moveArticleStage(input: MoveStageRequest, actor: WorkflowActor): Promise<StageMoveResult> {
  return db.$transaction(async (tx) => {
    const article = await lockArticle(tx, input.articleId);
    if (article.stage !== input.fromStage) {
      throw new ConflictError(
        `This story is now “${STAGE_LABELS[article.stage]}” (someone moved it since you looked). Reload to see where it is.`,
        { currentStage: article.stage },
      );
    }
    if (article.stage === input.toStage) throw ValidationError.forField("toStage", "The story is already at that stage.");
    await tx.article.update({ where: { id: article.id }, data: { stage: input.toStage } });
    const change = await tx.stageChange.create({
      data: { articleId: article.id, fromStage: article.stage, toStage: input.toStage, actorId: actor.id, note: input.note },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "article.stage",
      targetType: "article",
      targetId: article.id,
      details: { from: article.stage, to: input.toStage, note: input.note, stageChangeId: change.id },
    });

    const notes = input.note ? ` — “${input.note}”` : "";
    const entries: InboxEntryInput[] = [];
    if (input.toStage === "ready_for_edit" && !isReturn(article.stage, input.toStage) && article.assignedEditorId) {
      entries.push({
        recipientId: article.assignedEditorId,
        actorId: actor.id,
        kind: "submitted",
        articleId: article.id,
        message: `“${article.headline}” was submitted: ready for edit${notes}`,
      });
    }
    if (isReturn(article.stage, input.toStage) && article.assignedReporterId) {
      entries.push({
        recipientId: article.assignedReporterId,
        actorId: actor.id,
        kind: "returned",
        articleId: article.id,
        message: `“${article.headline}” was returned to you (${STAGE_LABELS[input.toStage].toLowerCase()})${notes}`,
      });
    }
    await addInboxEntries(tx, entries);
    return { articleId: article.id, stage: input.toStage, stageChangeId: change.id };
  });
}

export interface AssignResult {
  articleId: string;
  reporterId: string | null;
  editorId: string | null;
}

/** Editors (the action declares it) assign a story's reporter and editor; each newly assigned person gets an inbox entry. */
export async function assignArticle(input: AssignRequest, actor: WorkflowActor): Promise<AssignResult> {
  return db.$transaction(async (tx) => {
    const article = await lockArticle(tx, input.articleId);

    const ids = [input.reporterId, input.editorId].filter((id): id is string => id !== null);
    const users = ids.length
      ? await tx.user.findMany({ where: { id: { in: ids }, disabled: false }, select: { id: true, role: true } })
      : [];
    const byId = new Map(users.map((user) => [user.id, user]));
    const fieldErrors: Record<string, string[]> = {};
    if (input.reporterId !== null && !byId.has(input.reporterId)) fieldErrors.reporterId = ["Choose an active desk user as the reporter."];
    if (input.editorId !== null) {
      const editor = byId.get(input.editorId);
      if (!editor || !roleAtLeast(editor.role, "editor")) fieldErrors.editorId = ["Choose an editor (or admin) as the editor."];
    }
    if (Object.keys(fieldErrors).length > 0) throw new ValidationError("Check the assignees.", fieldErrors);

    await tx.article.update({
      where: { id: article.id },
      data: { assignedReporterId: input.reporterId, assignedEditorId: input.editorId },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "article.assign",
      targetType: "article",
      targetId: article.id,
      details: {
        reporter: { from: article.assignedReporterId, to: input.reporterId },
        editor: { from: article.assignedEditorId, to: input.editorId },
      },
    });
    const entries: InboxEntryInput[] = [];
    if (input.reporterId && input.reporterId !== article.assignedReporterId) {
      entries.push({ recipientId: input.reporterId, actorId: actor.id, kind: "assigned", articleId: article.id, message: `You are the reporter on “${article.headline}”.` });
    }
    if (input.editorId && input.editorId !== article.assignedEditorId) {
      entries.push({ recipientId: input.editorId, actorId: actor.id, kind: "assigned", articleId: article.id, message: `You are the editor on “${article.headline}”.` });
    }
    await addInboxEntries(tx, entries);
    return { articleId: article.id, reporterId: input.reporterId, editorId: input.editorId };
  });
}

export interface StageHistoryEntry {
  id: string;
  from: WorkflowStageName;
  to: WorkflowStageName;
  by: string | null;
  at: string;
  note: string;
}

export async function listStageHistory(articleId: string): Promise<StageHistoryEntry[]> {
  const rows = await db.stageChange.findMany({
    where: { articleId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: 200,
    select: { id: true, fromStage: true, toStage: true, at: true, note: true, actor: { select: { name: true } } },
  });
  return rows.map((row) => ({ id: row.id, from: row.fromStage, to: row.toStage, by: row.actor?.name ?? null, at: row.at.toISOString(), note: row.note }));
}
