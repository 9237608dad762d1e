"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { parseInput, runAction, type ActionResult } from "@/lib/errors";
import {
  cancelSchedule,
  cancelScheduleSchema,
  scheduleArticle,
  scheduleSchema,
  type ScheduleView,
} from "@/lib/scheduling";
import { assignArticle, assignSchema, moveArticleStage, moveStageSchema, type AssignResult, type StageMoveResult } from "@/lib/workflow";

function revalidateDesk(articleId: string) {
  revalidatePath("/desk");
  revalidatePath("/desk/budget");
  revalidatePath("/desk/inbox");
  revalidatePath(`/desk/articles/${articleId}`);
  revalidatePath(`/desk/articles/${articleId}/history`);
}

// Desk users move a story between stages: reporters submit it, editors move it anywhere.
export async function moveStageAction(input: unknown): Promise<ActionResult<StageMoveResult>> {
  return runAction(async () => {
    const user = await requireUser("reporter");
    const result = await moveArticleStage(parseInput(moveStageSchema, input), user);
    revalidateDesk(result.articleId);
    return result;
  });
}

// Editors assign a story's reporter and editor.
export async function assignArticleAction(input: unknown): Promise<ActionResult<AssignResult>> {
  return runAction(async () => {
    const user = await requireUser("editor");
    const result = await assignArticle(parseInput(assignSchema, input), user);
    revalidateDesk(result.articleId);
    return result;
  });
}

// Editors set (or move) the time a story is published or unpublished.
export async function scheduleArticleAction(input: unknown): Promise<ActionResult<ScheduleView>> {
  return runAction(async () => {
    const user = await requireUser("editor");
    const result = await scheduleArticle(parseInput(scheduleSchema, input), user);
    revalidateDesk(result.articleId);
    return result;
  });
}

// Editors cancel a scheduled publish or unpublish.
export async function cancelScheduleAction(input: unknown): Promise<ActionResult<{ articleId: string; cancelled: number }>> {
  return runAction(async () => {
    const user = await requireUser("editor");
    const result = await cancelSchedule(parseInput(cancelScheduleSchema, input), user);
    revalidateDesk(result.articleId);
    return result;
  });
}
