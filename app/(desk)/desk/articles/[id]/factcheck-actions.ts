"use server";

import { action } from "@/lib/actions";
import { addDictionaryVariant, addVariantSchema } from "@/lib/factcheck/dictionary";
import { checkPackedDraft, packedCheckSchema } from "@/lib/factcheck/draft-parts";
import { findingRefSchema, ignoreFinding, unignoreFinding } from "@/lib/factcheck/ignores";

// No revalidatePath in these actions: the editor page is rendered per request and the panel
// updates itself; revalidating would make Next re-render the open editor for nothing.

// While typing, spelling suggestions for unseen words get this long; the worker works out the rest
// between checks and the answer says so (spellingPending), so the editor has them a second later.
const SUGGESTION_BUDGET_MS = 50;

// Server action — desk users (reporter and up) fact-check the text in the editor, saved or not:
// its unsaved content next to the article's id, validated with the save's own schemas (field
// errors keyed like the save's: "body…", "photos.0.caption…"), the blocks and captions it sent
// before by their handles (lib/factcheck/draft-packing.ts).
export const checkArticleAction = action({ role: "reporter", input: packedCheckSchema }, (input, actor) =>
  checkPackedDraft(input, actor, { suggestionBudgetMs: SUGGESTION_BUDGET_MS }),
);

// Server action — desk users mark a finding as not an error in this article (remembered for everyone).
export const ignoreFindingAction = action({ role: "reporter", input: findingRefSchema }, async (input, actor) => {
  await ignoreFinding(input, actor);
  return null;
});

// Server action — desk users take back an "Ignore": the finding shows again in this article.
export const unignoreFindingAction = action({ role: "reporter", input: findingRefSchema }, async (input, actor) => {
  await unignoreFinding(input, actor);
  return null;
});

// Server action — desk users teach the house dictionary a misspelling from a finding (additive and
// audited; changing or deleting entries is for editors, on the dictionary page).
export const addToDictionaryAction = action({ role: "reporter", input: addVariantSchema }, (input, actor) => addDictionaryVariant(input, actor));
