"use server";

import { revalidatePath } from "next/cache";
import { restoreRevision, restoreRevisionSchema } from "@/lib/articles";
import { action } from "@/lib/actions";

// Server action — desk users (reporter and up) restore an old revision as a new one; refused
// with who/when (409) if the article changed since the history page was loaded, and for a
// reporter (403) when it would change the bylines, section or tags (editors set those).
export const restoreRevisionAction = action({ role: "reporter", input: restoreRevisionSchema }, async (input, actor) => {
  const result = await restoreRevision(input, actor);
  if (result.changed) {
    revalidatePath(`/desk/articles/${input.articleId}`, "layout");
    revalidatePath("/desk");
  }
  return result;
});
