"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import { replaceImage, replaceImageSchema, reuseImage, reuseImageSchema } from "@/lib/media/library";

// Server action — desk users (reporter and up) add a library image to another article's draft as
// a new photo, with its caption and credit.
export const reuseImageAction = action({ role: "reporter", input: reuseImageSchema }, async (input, actor) => {
  const result = await reuseImage(input, actor);
  revalidatePath(`/desk/media/${input.assetId}`);
  return result;
});

// Server action — editors replace an image in every article that shows it; published articles
// whose draft readers already see are republished as the chosen kind (reader caches dropped).
export const replaceImageAction = action({ role: "editor", input: replaceImageSchema }, async (input, actor) => {
  const result = await replaceImage(input, actor);
  revalidatePath(`/desk/media/${input.assetId}`);
  return result;
});
