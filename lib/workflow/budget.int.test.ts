import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestArticle, createTestUser } from "@/lib/articles/test-support/fixtures";
import { db, disconnectDatabase } from "@/lib/db";
import { scheduleArticle, stopJobQueue } from "@/lib/scheduling";
import { getStoryBudget } from "./read";
import { moveArticleStage } from "./moves";

// The story budget: a newsroom day's stories by stage, each stage by planned time (unplanned last).

type TestUser = Awaited<ReturnType<typeof createTestUser>>;
let editor: TestUser;
beforeAll(async () => {
  editor = await createTestUser("editor");
});
afterAll(async () => {
  await stopJobQueue();
  await disconnectDatabase();
});

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe("getStoryBudget", () => {
  it("lists a day's stories by stage and planned time, in the newsroom's zone", async () => {
    const tomorrow = day(1);
    const [late, early, editing, other] = await Promise.all([createTestArticle(), createTestArticle(), createTestArticle(), createTestArticle()]);
    await db.article.update({ where: { id: late.id }, data: { assignedReporterId: editor.id } });
    await scheduleArticle({ articleId: late.id, action: "publish", at: `${tomorrow}T18:00:00.000Z` }, editor);
    await scheduleArticle({ articleId: early.id, action: "publish", at: `${tomorrow}T06:00:00.000Z` }, editor);
    await scheduleArticle({ articleId: editing.id, action: "publish", at: `${tomorrow}T09:30:00.000Z` }, editor);
    await moveArticleStage({ articleId: editing.id, fromStage: "in_progress", toStage: "ready_for_edit", note: "" }, editor);
    // Scheduled the day after: not on tomorrow's budget.
    await scheduleArticle({ articleId: other.id, action: "publish", at: `${day(2)}T06:00:00.000Z` }, editor);

    const ours = new Set([late.id, early.id, editing.id, other.id]);
    const mine = (budget: Awaited<ReturnType<typeof getStoryBudget>>) =>
      Object.fromEntries(budget.stages.map(({ stage, stories }) => [stage, stories.filter((story) => ours.has(story.articleId))]));
    const budget = mine(await getStoryBudget(tomorrow, "UTC"));
    expect(budget.in_progress.map((story) => [story.articleId, story.plannedAt, story.planned])).toEqual([
      [early.id, `${tomorrow}T06:00:00.000Z`, "scheduled"],
      [late.id, `${tomorrow}T18:00:00.000Z`, "scheduled"],
    ]);
    expect(budget.in_progress[1]).toMatchObject({ reporter: editor.name, status: "draft" });
    expect(budget.ready_for_edit.map((story) => story.articleId)).toEqual([editing.id]);
    expect(budget.ready_for_copy).toEqual([]);

    // In a zone ahead of UTC, 18:00 UTC is already the next day's early hours. Only the planned
    // stories are compared: after 15:00 UTC, Tokyo's date is already tomorrow's, so the stories
    // worked on just now are on that budget too, unplanned.
    const tokyo = mine(await getStoryBudget(tomorrow, "Asia/Tokyo"));
    const tokyoPlanned = tokyo.in_progress.filter((story) => story.planned === "scheduled");
    expect(tokyoPlanned.map((story) => story.articleId)).toEqual([early.id]);

    // Today: stories worked on today, not planned (their schedules are for other days).
    const today = mine(await getStoryBudget(day(0), "UTC"));
    expect(today.in_progress.map((story) => [story.articleId, story.planned])).toEqual(
      expect.arrayContaining([[late.id, null], [early.id, null], [other.id, null]]),
    );
  });
});
