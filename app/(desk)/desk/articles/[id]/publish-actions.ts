"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import {
  articleRefSchema,
  diffSincePublished,
  getPublishState,
  publishArticle,
  publishSchema,
  unpublishArticle,
  unpublishSchema,
  type PublishReview,
} from "@/lib/publishing";

function revalidateDesk(articleId: string) {
  revalidatePath("/desk");
  revalidatePath(`/desk/articles/${articleId}`);
  revalidatePath(`/desk/articles/${articleId}/preview`);
}

// Editors publish the current draft: first publication, silent fix, update, correction or clarification.
export const publishArticleAction = action({ role: "editor", input: publishSchema }, async (input, actor) => {
  const result = await publishArticle(input, actor);
  revalidateDesk(result.articleId);
  return result;
});

// Editors take a published article away from readers.
export const unpublishArticleAction = action({ role: "editor", input: unpublishSchema }, async (input, actor) => {
  const result = await unpublishArticle(input, actor);
  revalidateDesk(result.articleId);
  return result;
});

// Editors about to publish get the article's state and the diff readers would see, read fresh.
export const loadPublishReviewAction = action(
  { role: "editor", input: articleRefSchema },
  async ({ articleId }): Promise<PublishReview> => {
    const [state, diff] = await Promise.all([getPublishState(articleId), diffSincePublished(articleId)]);
    return { state, diff };
  },
);
