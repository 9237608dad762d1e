import "server-only";
import { roleAtLeast, type RoleName } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { NotFoundError } from "@/lib/errors";
import { listPendingSchedules, type ScheduleView } from "@/lib/scheduling/schedule";
import { wallTimeToInstant } from "@/lib/scheduling/time-zone";
import { listStageHistory, type StageHistoryEntry } from "./moves";
import { WORKFLOW_STAGES, type WorkflowStageName } from "./stages";

// Read models for the desk's workflow UI: plain objects, dates as ISO strings.

export interface DeskUserOption {
  id: string;
  name: string;
  role: RoleName;
}

export interface ArticleWorkflow {
  articleId: string;
  stage: WorkflowStageName;
  reporter: DeskUserOption | null;
  editor: DeskUserOption | null;
  history: StageHistoryEntry[];
  schedules: ScheduleView[];
}

const USER_OPTION = { id: true, name: true, role: true } satisfies Prisma.UserSelect;

export async function getArticleWorkflow(articleId: string): Promise<ArticleWorkflow> {
  const article = await db.article.findUnique({
    where: { id: articleId },
    select: { id: true, stage: true, assignedReporter: { select: USER_OPTION }, assignedEditor: { select: USER_OPTION } },
  });
  if (!article) throw new NotFoundError("This article does not exist.");
  const [history, schedules] = await Promise.all([listStageHistory(articleId), listPendingSchedules({ articleIds: [articleId] })]);
  return { articleId: article.id, stage: article.stage, reporter: article.assignedReporter, editor: article.assignedEditor, history, schedules };
}

/** Active desk users for the assignment form: anyone as reporter, editors and admins as editor. */
export async function listAssignableUsers(): Promise<{ reporters: DeskUserOption[]; editors: DeskUserOption[] }> {
  const users = await db.user.findMany({ where: { disabled: false }, orderBy: [{ name: "asc" }, { id: "asc" }], take: 1000, select: USER_OPTION });
  return { reporters: users, editors: users.filter((user) => roleAtLeast(user.role, "editor")) };
}

export interface BudgetStory {
  articleId: string;
  headline: string;
  stage: WorkflowStageName;
  status: "draft" | "published" | "unpublished";
  reporter: string | null;
  editor: string | null;
  /** The scheduled publication time, or when it was published that day; null when not planned. */
  plannedAt: string | null;
  planned: "scheduled" | "published" | null;
}

export interface StoryBudget {
  date: string;
  timeZone: string;
  /** Stories of the day by stage, each list by planned time (unplanned last). */
  stages: Array<{ stage: WorkflowStageName; stories: BudgetStory[] }>;
}

const BUDGET_LIMIT = 500;

/**
 * The story budget of one newsroom day (`date` as YYYY-MM-DD in `timeZone`): stories scheduled
 * or published that day, and unpublished stories worked on that day, grouped by stage.
 */
export async function getStoryBudget(date: string, timeZone: string): Promise<StoryBudget> {
  const start = wallTimeToInstant(`${date}T00:00`, timeZone);
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  const end = wallTimeToInstant(next.toISOString().slice(0, 16), timeZone);
  if (!start || !end) throw new NotFoundError("No such day.");
  const window = { gte: start, lt: end };

  const select = {
    id: true,
    headline: true,
    stage: true,
    status: true,
    firstPublishedAt: true,
    assignedReporter: { select: { name: true } },
    assignedEditor: { select: { name: true } },
    // Only a time on this day plans the story on this day's budget (one worked on today for tomorrow is unplanned today).
    schedules: { where: { state: "pending", action: "publish" as const, runAt: window }, select: { runAt: true }, take: 1 },
  } satisfies Prisma.ArticleSelect;
  // Planned stories and stories merely worked on are bounded apart, the latter latest first: a day
  // with more drafts touched than the bound must not push its planned stories, or its newest
  // work, off the budget.
  // The stories worked on are found on their search rows, which copy status and the time of the
  // last change with an index in this order (see the migration *_article_unused_indexes): the
  // article table keeps no index on its updatedAt, so that a save, which changes it, can update
  // the row in place without writing to every index of the table.
  const [planned, workedIds] = await Promise.all([
    db.article.findMany({
      where: { OR: [{ schedules: { some: { state: "pending", action: "publish", runAt: window } } }, { firstPublishedAt: window }] },
      take: BUDGET_LIMIT,
      orderBy: { id: "asc" },
      select,
    }),
    db.articleSearch.findMany({
      where: { status: { not: "published" }, updatedAt: window },
      take: BUDGET_LIMIT,
      orderBy: [{ updatedAt: "desc" }, { articleId: "desc" }],
      select: { articleId: true },
    }),
  ]);
  const worked = workedIds.length > 0 ? await db.article.findMany({ where: { id: { in: workedIds.map((row) => row.articleId) } }, select }) : [];
  const rows = [...new Map([...planned, ...worked].map((row) => [row.id, row])).values()];
  const stories: BudgetStory[] = rows.map((row) => {
    const scheduled = row.schedules[0]?.runAt ?? null;
    const publishedToday = row.firstPublishedAt && row.firstPublishedAt >= start && row.firstPublishedAt < end ? row.firstPublishedAt : null;
    const plannedAt = scheduled ?? publishedToday;
    return {
      articleId: row.id,
      headline: row.headline,
      stage: row.stage,
      status: row.status,
      reporter: row.assignedReporter?.name ?? null,
      editor: row.assignedEditor?.name ?? null,
      plannedAt: plannedAt?.toISOString() ?? null,
      planned: scheduled ? "scheduled" : publishedToday ? "published" : null,
    };
  });
  const byTime = (a: BudgetStory, b: BudgetStory) =>
    (a.plannedAt ?? "\uffff").localeCompare(b.plannedAt ?? "\uffff") || a.headline.localeCompare(b.headline);
  return {
    date,
    timeZone,
    stages: WORKFLOW_STAGES.map((stage) => ({ stage, stories: stories.filter((story) => story.stage === stage).sort(byTime) })),
  };
}
