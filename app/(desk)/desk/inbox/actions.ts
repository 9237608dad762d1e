"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { parseInput, runAction, type ActionResult } from "@/lib/errors";
import { inboxReadSchema, markInboxRead } from "@/lib/workflow";

// Desk users mark their own inbox entries read (one, or all).
export async function markInboxReadAction(input: unknown): Promise<ActionResult<{ marked: number }>> {
  return runAction(async () => {
    const user = await requireUser("reporter");
    const result = await markInboxRead(parseInput(inboxReadSchema, input), user);
    revalidatePath("/desk", "layout");
    return result;
  });
}
