"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import {
  listPickerImages,
  mediaLibraryQuerySchema,
  pickLibraryImage,
  pickLibraryImageSchema,
  replaceImage,
  replaceImageSchema,
  reuseImage,
  reuseImageSchema,
} from "@/lib/media/library";

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

// Server action — desk users (reporter and up) page and search the media library from the article
// editor's "Add from library" picker (a read: the library's own query, a page at a time).
export const listPickerImagesAction = action({ role: "reporter", input: mediaLibraryQuerySchema }, (input) => listPickerImages(input));

// Server action — desk users (reporter and up) take the image they picked, with its caption and
// credit, for a new photo in the article they are editing (the editor adds it to its draft).
export const pickLibraryImageAction = action({ role: "reporter", input: pickLibraryImageSchema }, (input) => pickLibraryImage(input));
