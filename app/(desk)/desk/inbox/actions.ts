"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import { inboxReadSchema, markInboxRead } from "@/lib/workflow";

// Desk users mark their own inbox entries read (one, or all).
export const markInboxReadAction = action({ role: "reporter", input: inboxReadSchema }, async (input, actor) => {
  const result = await markInboxRead(input, actor);
  revalidatePath("/desk", "layout");
  return result;
});
