"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import { cancelSchedule, cancelScheduleSchema, scheduleArticle, scheduleSchema } from "@/lib/scheduling";
import { assignArticle, assignSchema, moveArticleStage, moveStageSchema, submitStorySchema } from "@/lib/workflow";

function revalidateDesk(articleId: string) {
  revalidatePath("/desk");
  revalidatePath("/desk/budget");
  revalidatePath("/desk/inbox");
  revalidatePath(`/desk/articles/${articleId}`);
  revalidatePath(`/desk/articles/${articleId}/history`);
}

// Reporters (and up) submit a story: in progress → ready for edit, nothing else.
export const submitStoryAction = action({ role: "reporter", input: submitStorySchema }, async (input, actor) => {
  const result = await moveArticleStage(input, actor);
  revalidateDesk(result.articleId);
  return result;
});

// Editors move a story to any stage (forward, or back to its reporter).
export const moveStageAction = action({ role: "editor", input: moveStageSchema }, async (input, actor) => {
  const result = await moveArticleStage(input, actor);
  revalidateDesk(result.articleId);
  return result;
});

// Editors assign a story's reporter and editor.
export const assignArticleAction = action({ role: "editor", input: assignSchema }, async (input, actor) => {
  const result = await assignArticle(input, actor);
  revalidateDesk(result.articleId);
  return result;
});

// Editors set (or move) the time a story is published or unpublished.
export const scheduleArticleAction = action({ role: "editor", input: scheduleSchema }, async (input, actor) => {
  const result = await scheduleArticle(input, actor);
  revalidateDesk(result.articleId);
  return result;
});

// Editors cancel a scheduled publish or unpublish.
export const cancelScheduleAction = action({ role: "editor", input: cancelScheduleSchema }, async (input, actor) => {
  const result = await cancelSchedule(input, actor);
  revalidateDesk(result.articleId);
  return result;
});
