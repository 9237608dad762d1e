"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { parseInput, runAction, type ActionResult } from "@/lib/errors";
import {
  createDictionaryEntry,
  deleteDictionaryEntry,
  dictionaryDeleteSchema,
  dictionaryEntrySchema,
  dictionaryUpdateSchema,
  updateDictionaryEntry,
  type DictionaryEntryView,
} from "@/lib/factcheck/dictionary";

// Server action — editors and admins add a canonical spelling and its known misspellings.
export async function createDictionaryEntryAction(input: unknown): Promise<ActionResult<DictionaryEntryView>> {
  return runAction(async () => {
    const entry = parseInput(dictionaryEntrySchema, input);
    const user = await requireUser("editor");
    const created = await createDictionaryEntry(entry, user);
    revalidatePath("/desk/dictionary");
    return created;
  });
}

// Server action — editors and admins change an entry's spelling, misspellings, kind or note.
export async function updateDictionaryEntryAction(input: unknown): Promise<ActionResult<DictionaryEntryView>> {
  return runAction(async () => {
    const update = parseInput(dictionaryUpdateSchema, input);
    const user = await requireUser("editor");
    const updated = await updateDictionaryEntry(update, user);
    revalidatePath("/desk/dictionary");
    return updated;
  });
}

// Server action — editors and admins remove an entry (the checker stops using it at once).
export async function deleteDictionaryEntryAction(input: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    const ref = parseInput(dictionaryDeleteSchema, input);
    const user = await requireUser("editor");
    await deleteDictionaryEntry(ref, user);
    revalidatePath("/desk/dictionary");
    return null;
  });
}
