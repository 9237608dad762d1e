"use server";

import { revalidatePath } from "next/cache";
import { restoreRevision, restoreRevisionSchema, type SaveResult } from "@/lib/articles";
import { requireUser } from "@/lib/auth/session";
import { parseInput, runAction, type ActionResult } from "@/lib/errors";

// Server action — desk users (reporter and up) restore an old revision as a new one; refused
// with who/when (409) if the article changed since the history page was loaded.
export async function restoreRevisionAction(input: unknown): Promise<ActionResult<SaveResult>> {
  return runAction(async () => {
    const restore = parseInput(restoreRevisionSchema, input);
    const user = await requireUser("reporter");
    const result = await restoreRevision(restore, user);
    if (result.changed) {
      revalidatePath(`/desk/articles/${restore.articleId}`, "layout");
      revalidatePath("/desk");
    }
    return result;
  });
}
