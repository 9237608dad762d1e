"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import { createCredit, creditInputSchema, creditSearchSchema, creditUpdateSchema, findCreditByName, searchCreditOptions, updateCredit } from "@/lib/articles";

// Server action — desk users (reporter and up) add a photo credit from the editor's credit picker;
// a known agency + photographer gives back the existing credit instead of a duplicate.
// No revalidatePath: desk pages are rendered per request, and revalidating here would make Next
// re-render the open article editor for nothing.
export const createCreditAction = action({ role: "reporter", input: creditInputSchema }, (input, actor) => createCredit(input, actor));

// Server action — editors and admins fix a credit's agency or photographer on every photo using
// it (renaming onto an existing credit merges the two); reader pages showing it are invalidated.
export const updateCreditAction = action({ role: "editor", input: creditUpdateSchema }, async (input, actor) => {
  const result = await updateCredit(input, actor); // invalidates published readers' pages after commit
  if (result.changed) revalidatePath("/desk/credits");
  return result;
});

// Server action — desk users (reporter and up) search the credits for a photo in the editor's
// credit picker: the first 20 matches, never the whole list.
export const searchCreditsAction = action({ role: "reporter", input: creditSearchSchema }, (input) => searchCreditOptions(input));

// Server action — editors and admins ask whether a rename would land on an existing credit (and so
// merge the two), before they confirm it on the credits page.
export const findCreditByNameAction = action({ role: "editor", input: creditInputSchema }, (input) => findCreditByName(input));
