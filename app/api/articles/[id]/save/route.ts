import { revalidatePath } from "next/cache";
import { articleEditSchema, saveArticle } from "@/lib/articles";
import { jsonRoute } from "@/lib/actions";
import { ValidationError } from "@/lib/errors";

// POST /api/articles/[id]/save — desk users (reporter and up) save the editor's content (explicit
// save, Ctrl/Cmd+S and autosave); 409 with who/when/their content when the version is stale.
// A route handler rather than a server action: autosave runs every few seconds and must not
// re-render the page, and a JSON endpoint answers with plain HTTP statuses (401/403/409/422).
export const POST = jsonRoute(
  { role: "reporter", input: articleEditSchema },
  async (edit, actor, { params }) => {
    if (edit.articleId !== params.id) throw ValidationError.forField("articleId", "The article id does not match the address.");
    const result = await saveArticle(edit, actor); // one transaction
    if (result.changed) {
      // Desk views of this article; readers see the published snapshot, which a draft save does not touch.
      revalidatePath("/desk");
      revalidatePath(`/desk/articles/${params.id}/history`);
    }
    return result;
  },
);
