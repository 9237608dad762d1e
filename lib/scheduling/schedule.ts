import "server-only";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/access";
import { roleAtLeast } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import type { Prisma, PublishKind } from "@/lib/db/generated/client";
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { invalidateAfterCommit, publishInTransaction, unpublishInTransaction } from "@/lib/publishing/publish";
import { addInboxEntries } from "@/lib/workflow/inbox";
import { jobQueue, SCHEDULE_QUEUE, transactionExecutor, type ScheduleJobData } from "./queue";
import type { CancelScheduleRequest, ScheduleActionName, ScheduleRequest } from "./schemas";
import { newsroomTimeZone, wallTimeToInstant } from "./time-zone";

// Timed publishing. A scheduled story is NOT published until its time: every reader query
// already shows only published articles, so until then it is invisible everywhere (pages,
// listings, feeds, sitemaps, JSON-LD, caches, image URLs) without a time filter in any of them.
// At the time, a pg-boss job runs `runSchedule`, which publishes through the desk's own
// publish path and then invalidates reader caches on every instance.

type Tx = Prisma.TransactionClient;

/** A run this much after its time is recorded as late (the server was down, or the queue behind). */
export const LATE_AFTER_MS = 60_000;
/** How far ahead a story can be scheduled. */
const MAX_AHEAD_MS = 2 * 366 * 24 * 3_600_000;

export interface ScheduleView {
  id: string;
  articleId: string;
  slug: string;
  headline: string;
  action: ScheduleActionName;
  runAt: string;
  kind: string | null;
  createdBy: string | null;
}

/** The instant `at` names: as given with an offset, else as newsroom wall time. */
export function resolveScheduleTime(at: string, timeZone = newsroomTimeZone()): Date {
  const instant = /(Z|[+-]\d{2}:\d{2})$/.test(at) ? new Date(at) : wallTimeToInstant(at, timeZone);
  if (!instant || Number.isNaN(instant.getTime())) throw ValidationError.forField("at", "Choose a date and time that exists.");
  return instant;
}

async function lockArticle(tx: Tx, articleId: string) {
  const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "Article" WHERE "id" = ${articleId} FOR UPDATE`;
  if (locked.length === 0) throw new NotFoundError("This article does not exist.");
  return tx.article.findUniqueOrThrow({
    where: { id: articleId },
    select: { id: true, slug: true, headline: true, status: true, firstPublishedAt: true },
  });
}

/**
 * Sets (or moves) the time an article is published or unpublished. Replaces a pending schedule
 * of the same action; the pg-boss job is written in the same transaction as the schedule, so
 * there is never a schedule without its alarm (or an alarm for a schedule that did not commit).
 * Editors only: the action declares the role (lib/actions); this takes the parsed request.
 */
export async function scheduleArticle(
  input: ScheduleRequest,
  actor: Pick<Actor, "id">,
  options: { now?: Date; timeZone?: string } = {},
): Promise<ScheduleView> {
  const now = options.now ?? new Date();
  const runAt = resolveScheduleTime(input.at, options.timeZone);
  if (runAt.getTime() <= now.getTime()) throw ValidationError.forField("at", "Choose a time in the future.");
  if (runAt.getTime() - now.getTime() > MAX_AHEAD_MS) throw ValidationError.forField("at", "Choose a time within the next two years.");
  const boss = await jobQueue();

  return db.$transaction(async (tx) => {
    const article = await lockArticle(tx, input.articleId);
    if (input.action === "publish") {
      const seen = article.firstPublishedAt !== null;
      if (seen && input.kind === undefined) {
        throw ValidationError.forField("kind", "Readers have seen this article before: choose whether this is a silent fix, an update, a correction or a clarification.");
      }
      if (!seen && input.kind !== undefined) {
        throw ValidationError.forField("kind", "This article has never been published, so this is its first publication, not a change.");
      }
    } else {
      const publishPending = await tx.articleSchedule.count({ where: { articleId: article.id, action: "publish", state: "pending" } });
      if (article.status !== "published" && publishPending === 0) {
        throw ValidationError.forField("at", "This article is not published and no publication is scheduled: there is nothing to unpublish.");
      }
    }

    const replaced = await tx.articleSchedule.updateMany({
      where: { articleId: article.id, action: input.action, state: "pending" },
      data: { state: "cancelled" },
    });
    const schedule = await tx.articleSchedule.create({
      data: {
        articleId: article.id,
        action: input.action,
        runAt,
        createdById: actor.id,
        publishKind: (input.kind ?? null) as PublishKind | null,
        note: input.note ?? null,
      },
      select: { id: true, runAt: true, publishKind: true },
    });
    const data: ScheduleJobData = { scheduleId: schedule.id };
    await boss.send(SCHEDULE_QUEUE, data, { startAfter: runAt.toISOString(), db: transactionExecutor(tx) });
    await recordAudit(tx, {
      actorId: actor.id,
      action: replaced.count > 0 ? "article.reschedule" : "article.schedule",
      targetType: "article",
      targetId: article.id,
      details: { scheduleId: schedule.id, action: input.action, runAt: runAt.toISOString(), kind: input.kind ?? null },
    });
    return {
      id: schedule.id,
      articleId: article.id,
      slug: article.slug,
      headline: article.headline,
      action: input.action,
      runAt: schedule.runAt.toISOString(),
      kind: schedule.publishKind,
      createdBy: null,
    };
  });
}

/**
 * Cancels the pending publish or unpublish of an article. Its job, when it fires, finds nothing
 * to do. `actor` null is the operator at the command line (`copydesk schedule cancel`). Editors
 * only at the desk: the action declares the role.
 */
export async function cancelSchedule(input: CancelScheduleRequest, actor: Pick<Actor, "id"> | null): Promise<{ articleId: string; cancelled: number }> {
  return db.$transaction(async (tx) => {
    const article = await lockArticle(tx, input.articleId);
    const { count } = await tx.articleSchedule.updateMany({
      where: { articleId: article.id, action: input.action, state: "pending" },
      data: { state: "cancelled" },
    });
    if (count === 0) throw new ConflictError(`Nothing to cancel: no ${input.action} is scheduled for this article (it may have run already).`);
    await recordAudit(tx, {
      actorId: actor?.id ?? null,
      action: "article.schedule_cancel",
      targetType: "article",
      targetId: article.id,
      details: { action: input.action, via: actor ? "desk" : "cli" },
    });
    return { articleId: article.id, cancelled: count };
  });
}

const SCHEDULE_SELECT = {
  id: true,
  action: true,
  runAt: true,
  publishKind: true,
  createdBy: { select: { name: true } },
  article: { select: { id: true, slug: true, headline: true } },
} satisfies Prisma.ArticleScheduleSelect;

function toView(row: Prisma.ArticleScheduleGetPayload<{ select: typeof SCHEDULE_SELECT }>): ScheduleView {
  return {
    id: row.id,
    articleId: row.article.id,
    slug: row.article.slug,
    headline: row.article.headline,
    action: row.action,
    runAt: row.runAt.toISOString(),
    kind: row.publishKind,
    createdBy: row.createdBy?.name ?? null,
  };
}

/** Pending schedules, soonest first (the CLI's `schedule list`, the desk). */
export async function listPendingSchedules(options: { articleIds?: string[]; limit?: number } = {}): Promise<ScheduleView[]> {
  const rows = await db.articleSchedule.findMany({
    where: { state: "pending", ...(options.articleIds ? { articleId: { in: options.articleIds } } : {}) },
    orderBy: [{ runAt: "asc" }, { id: "asc" }],
    take: options.limit ?? 500,
    select: SCHEDULE_SELECT,
  });
  return rows.map(toView);
}

export type ScheduleRunOutcome =
  | { status: "done"; slug: string; lateByMs: number; late: boolean }
  | { status: "skipped"; reason: "missing" | "cancelled" | "done" | "failed" }
  | { status: "not_due" }
  | { status: "failed"; error: string };

function publicMessage(error: unknown): string {
  if (error instanceof AppError) return error.message;
  return "An unexpected error (details are in the server log).";
}

/**
 * Runs one schedule at `now` if it is still pending and due: the publish (or unpublish) and the
 * schedule's "done" commit together, under a row lock, so however many instances or jobs try
 * it, it happens once. A failure is rethrown for the queue to retry, unless it is the `final`
 * attempt: then the schedule is marked failed and its editor told (inbox and audit log).
 */
export async function runSchedule(scheduleId: string, options: { now: Date; final?: boolean }): Promise<ScheduleRunOutcome> {
  const { now } = options;
  let outcome: ScheduleRunOutcome;
  try {
    outcome = await db.$transaction(async (tx): Promise<ScheduleRunOutcome> => {
      const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "ArticleSchedule" WHERE "id" = ${scheduleId} FOR UPDATE`;
      if (locked.length === 0) return { status: "skipped", reason: "missing" };
      const schedule = await tx.articleSchedule.findUniqueOrThrow({
        where: { id: scheduleId },
        select: {
          id: true,
          articleId: true,
          action: true,
          runAt: true,
          state: true,
          publishKind: true,
          note: true,
          createdBy: { select: { id: true, email: true, name: true, role: true, disabled: true } },
        },
      });
      if (schedule.state !== "pending") return { status: "skipped", reason: schedule.state };
      if (schedule.runAt.getTime() > now.getTime()) return { status: "not_due" };
      // The job's stand-in for the session check: the editor who scheduled it must still be one now.
      const scheduler = schedule.createdBy;
      if (!scheduler) throw new ForbiddenError("The editor who scheduled this no longer exists.");
      if (scheduler.disabled || !roleAtLeast(scheduler.role, "editor")) throw new ForbiddenError("Only editors can publish or unpublish.");
      const actor: Actor = { id: scheduler.id, email: scheduler.email, name: scheduler.name, role: scheduler.role };

      let slug: string;
      if (schedule.action === "publish") {
        const { version } = await tx.article.findUniqueOrThrow({ where: { id: schedule.articleId }, select: { version: true } });
        // The current draft at the time is what goes out (edits after scheduling are included).
        const result = await publishInTransaction(
          tx,
          { articleId: schedule.articleId, expectedVersion: version, kind: schedule.publishKind ?? undefined, note: schedule.note ?? undefined },
          actor,
          now,
        );
        slug = result.slug;
      } else {
        slug = (await unpublishInTransaction(tx, { articleId: schedule.articleId }, actor)).slug;
      }
      const lateByMs = Math.max(0, now.getTime() - schedule.runAt.getTime());
      const late = lateByMs > LATE_AFTER_MS;
      await tx.articleSchedule.update({ where: { id: schedule.id }, data: { state: "done", ranAt: now, lateByMs } });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "article.schedule_run",
        targetType: "article",
        targetId: schedule.articleId,
        details: { scheduleId: schedule.id, action: schedule.action, runAt: schedule.runAt.toISOString(), ranAt: now.toISOString(), lateByMs, late },
      });
      return { status: "done", slug, lateByMs, late };
    });
  } catch (error) {
    // A refusal (not an editor any more, nothing to publish…) will not pass on a retry: report it now.
    if (!options.final && !(error instanceof AppError)) throw error;
    console.error(`[copydesk] scheduled ${scheduleId} failed for the last time`, error);
    return recordScheduleFailure(scheduleId, publicMessage(error), now);
  }
  if (outcome.status === "done") {
    if (outcome.late) console.warn(`[copydesk] schedule ${scheduleId} ran ${Math.round(outcome.lateByMs / 1000)} s late`);
    await invalidateAfterCommit(outcome.slug);
  }
  return outcome;
}

async function recordScheduleFailure(scheduleId: string, message: string, now: Date): Promise<ScheduleRunOutcome> {
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "ArticleSchedule" WHERE "id" = ${scheduleId} FOR UPDATE`;
    if (locked.length === 0) return { status: "skipped", reason: "missing" } as const;
    const schedule = await tx.articleSchedule.findUniqueOrThrow({
      where: { id: scheduleId },
      select: { id: true, state: true, action: true, runAt: true, createdById: true, article: { select: { id: true, headline: true, assignedEditorId: true } } },
    });
    if (schedule.state !== "pending") return { status: "skipped", reason: schedule.state } as const;
    await tx.articleSchedule.update({ where: { id: schedule.id }, data: { state: "failed", ranAt: now, error: message } });
    await recordAudit(tx, {
      actorId: null,
      action: "article.schedule_failed",
      targetType: "article",
      targetId: schedule.article.id,
      details: { scheduleId: schedule.id, action: schedule.action, runAt: schedule.runAt.toISOString(), error: message },
    });
    const recipients = [...new Set([schedule.createdById, schedule.article.assignedEditorId].filter((id): id is string => !!id))];
    await addInboxEntries(
      tx,
      recipients.map((recipientId) => ({
        recipientId,
        actorId: null,
        kind: "schedule_failed" as const,
        articleId: schedule.article.id,
        message: `The scheduled ${schedule.action} of “${schedule.article.headline}” failed: ${message}`,
      })),
    );
    return { status: "failed", error: message } as const;
  });
}

/**
 * Runs every pending schedule due at `now`, soonest first: what tests call with their clock
 * ("run due jobs now"), and the same function the queue's worker uses for each job.
 */
export async function runDueSchedules(options: { now: Date; final?: boolean }): Promise<ScheduleRunOutcome[]> {
  const due = await db.articleSchedule.findMany({
    where: { state: "pending", runAt: { lte: options.now } },
    orderBy: [{ runAt: "asc" }, { id: "asc" }],
    take: 500,
    select: { id: true },
  });
  const outcomes: ScheduleRunOutcome[] = [];
  for (const { id } of due) outcomes.push(await runSchedule(id, options));
  return outcomes;
}
