"use server";

import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { parseInput, runAction, type ActionResult } from "@/lib/errors";
import { addDictionaryVariant, addVariantSchema, type AddVariantResult } from "@/lib/factcheck/dictionary";
import { checkArticleDraft } from "@/lib/factcheck/checks";
import type { ArticleCheckResult } from "@/lib/factcheck/findings";
import { findingRefSchema, ignoreFinding, unignoreFinding } from "@/lib/factcheck/ignores";

// No revalidatePath in these actions: the editor page is rendered per request and the panel
// updates itself; revalidating would make Next re-render the open editor for nothing.

// While typing, spelling suggestions for unseen words get this long; later checks find the rest.
const SUGGESTION_BUDGET_MS = 150;

const checkInputSchema = z.strictObject({
  articleId: z.string().trim().min(1).max(64),
  // The editor's unsaved content: checked by the service with the save's own schemas.
  draft: z.unknown(),
});

// Server action — desk users (reporter and up) fact-check the text in the editor, saved or not.
export async function checkArticleAction(input: unknown): Promise<ActionResult<ArticleCheckResult>> {
  return runAction(async () => {
    const { articleId, draft } = parseInput(checkInputSchema, input);
    await requireUser("reporter");
    return checkArticleDraft(articleId, draft, { suggestionBudgetMs: SUGGESTION_BUDGET_MS });
  });
}

// Server action — desk users mark a finding as not an error in this article (remembered for everyone).
export async function ignoreFindingAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const ref = parseInput(findingRefSchema, input);
    const user = await requireUser("reporter");
    await ignoreFinding(ref, user);
    return null;
  });
}

// Server action — desk users take back an "Ignore": the finding shows again in this article.
export async function unignoreFindingAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const ref = parseInput(findingRefSchema, input);
    const user = await requireUser("reporter");
    await unignoreFinding(ref, user);
    return null;
  });
}

// Server action — desk users teach the house dictionary a misspelling from a finding (additive and
// audited; changing or deleting entries is for editors, on the dictionary page).
export async function addToDictionaryAction(input: unknown): Promise<ActionResult<AddVariantResult>> {
  return runAction(async () => {
    const variant = parseInput(addVariantSchema, input);
    const user = await requireUser("reporter");
    return addDictionaryVariant(variant, user);
  });
}
