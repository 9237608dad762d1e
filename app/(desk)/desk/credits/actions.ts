"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import { createCredit, creditInputSchema, creditUpdateSchema, updateCredit } from "@/lib/articles";

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
