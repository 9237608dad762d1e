"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import { articleTaxonomySchema, setArticleTaxonomy } from "@/lib/taxonomy";

// Editors set a story's bylines, section and tags (a published story's reader pages change at once).
export const setArticleTaxonomyAction = action({ role: "editor", input: articleTaxonomySchema }, async (input, actor) => {
  const result = await setArticleTaxonomy(input, actor);
  revalidatePath(`/desk/articles/${result.articleId}`);
  revalidatePath(`/desk/articles/${result.articleId}/history`);
  return result;
});
