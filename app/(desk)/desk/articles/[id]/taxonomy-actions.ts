"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import { articleTaxonomySchema, contributorUpdateSchema, setArticleTaxonomy, updateContributor } from "@/lib/taxonomy";

// Editors set a story's bylines, section and tags (a published story's reader pages change at once).
export const setArticleTaxonomyAction = action({ role: "editor", input: articleTaxonomySchema }, async (input, actor) => {
  const result = await setArticleTaxonomy(input, actor);
  revalidatePath(`/desk/articles/${result.articleId}`);
  revalidatePath(`/desk/articles/${result.articleId}/history`);
  return result;
});

// Editors correct a contributor's printed name or bio (shown at once on every published story of theirs).
export const updateContributorAction = action({ role: "editor", input: contributorUpdateSchema }, async (input, actor) => {
  const result = await updateContributor(input, actor);
  revalidatePath("/desk", "layout");
  return result;
});
