"use server";

import { revalidatePath } from "next/cache";
import {
  createCredit,
  creditInputSchema,
  creditUpdateSchema,
  updateCredit,
  type CreditOption,
  type CreditUpdateResult,
} from "@/lib/articles";
import { requireUser } from "@/lib/auth/session";
import { parseInput, runAction, type ActionResult } from "@/lib/errors";

// Server action — desk users (reporter and up) add a photo credit from the editor's credit picker;
// a known agency + photographer gives back the existing credit instead of a duplicate.
export async function createCreditAction(input: unknown): Promise<ActionResult<CreditOption & { created: boolean }>> {
  return runAction(async () => {
    const credit = parseInput(creditInputSchema, input);
    const user = await requireUser("reporter");
    return createCredit(credit, user);
    // No revalidatePath: desk pages are rendered per request, and revalidating here would make
    // Next re-render the open article editor for nothing.
  });
}

// Server action — editors and admins fix a credit's agency or photographer on every photo using
// it (renaming onto an existing credit merges the two); reader pages showing it are invalidated.
export async function updateCreditAction(input: unknown): Promise<ActionResult<CreditUpdateResult>> {
  return runAction(async () => {
    const update = parseInput(creditUpdateSchema, input);
    const user = await requireUser("editor");
    const result = await updateCredit(update, user); // invalidates published readers' pages after commit
    if (result.changed) revalidatePath("/desk/credits");
    return result;
  });
}
