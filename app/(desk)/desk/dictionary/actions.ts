"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import {
  createDictionaryEntry,
  deleteDictionaryEntry,
  dictionaryDeleteSchema,
  dictionaryEntrySchema,
  dictionaryUpdateSchema,
  updateDictionaryEntry,
} from "@/lib/factcheck/dictionary";

// Server action — editors and admins add a canonical spelling and its known misspellings.
export const createDictionaryEntryAction = action({ role: "editor", input: dictionaryEntrySchema }, async (input, actor) => {
  const created = await createDictionaryEntry(input, actor);
  revalidatePath("/desk/dictionary");
  return created;
});

// Server action — editors and admins change an entry's spelling, misspellings, kind or note.
export const updateDictionaryEntryAction = action({ role: "editor", input: dictionaryUpdateSchema }, async (input, actor) => {
  const updated = await updateDictionaryEntry(input, actor);
  revalidatePath("/desk/dictionary");
  return updated;
});

// Server action — editors and admins remove an entry (the checker stops using it at once).
export const deleteDictionaryEntryAction = action({ role: "editor", input: dictionaryDeleteSchema }, async (input, actor) => {
  await deleteDictionaryEntry(input, actor);
  revalidatePath("/desk/dictionary");
  return null;
});
