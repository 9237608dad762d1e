"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { parseInput, runAction, type ActionResult } from "@/lib/errors";
import {
  articleRefSchema,
  diffSincePublished,
  getPublishState,
  publishArticle,
  publishSchema,
  unpublishArticle,
  unpublishSchema,
  type PublishDiff,
  type PublishResult,
  type PublishState,
  type UnpublishResult,
} from "@/lib/publishing";

function revalidateDesk(articleId: string) {
  revalidatePath("/desk");
  revalidatePath(`/desk/articles/${articleId}`);
  revalidatePath(`/desk/articles/${articleId}/preview`);
}

// Editors publish the current draft: first publication, silent fix, update, correction or clarification.
export async function publishArticleAction(input: unknown): Promise<ActionResult<PublishResult>> {
  return runAction(async () => {
    const user = await requireUser("editor");
    const result = await publishArticle(parseInput(publishSchema, input), user);
    revalidateDesk(result.articleId);
    return result;
  });
}

// Editors take a published article away from readers.
export async function unpublishArticleAction(input: unknown): Promise<ActionResult<UnpublishResult>> {
  return runAction(async () => {
    const user = await requireUser("editor");
    const result = await unpublishArticle(parseInput(unpublishSchema, input), user);
    revalidateDesk(result.articleId);
    return result;
  });
}

export interface PublishReview {
  state: PublishState;
  diff: PublishDiff;
}

// Editors about to publish get the article's state and the diff readers would see, read fresh.
export async function loadPublishReviewAction(input: unknown): Promise<ActionResult<PublishReview>> {
  return runAction(async () => {
    await requireUser("editor");
    const { articleId } = parseInput(articleRefSchema, input);
    const [state, diff] = await Promise.all([getPublishState(articleId), diffSincePublished(articleId)]);
    return { state, diff };
  });
}
