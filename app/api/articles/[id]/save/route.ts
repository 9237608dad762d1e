import { revalidatePath } from "next/cache";
import { articleEditSchema, saveArticle } from "@/lib/articles";
import { requireUser } from "@/lib/auth/session";
import { ValidationError, parseInput, toHttpResponse } from "@/lib/errors";

// POST /api/articles/[id]/save — desk users (reporter and up) save the editor's content (explicit
// save, Ctrl/Cmd+S and autosave); 409 with who/when/their content when the version is stale.
// A route handler rather than a server action: autosave runs every few seconds and must not
// re-render the page, and a JSON endpoint answers with plain HTTP statuses (401/403/409/422).
export async function POST(request: Request, context: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await context.params;
    // (1) Who, and may they — before the body is read: a stranger's upload is not worth parsing.
    const user = await requireUser("reporter");
    // Only JSON: a cross-site form post cannot send it without a CORS preflight.
    if (!request.headers.get("content-type")?.startsWith("application/json")) {
      throw new ValidationError("Send the article as JSON.");
    }
    const body: unknown = await request.json().catch(() => {
      throw new ValidationError("The request body is not valid JSON.");
    });
    const edit = parseInput(articleEditSchema, body); // (2) validate
    if (edit.articleId !== id) throw ValidationError.forField("articleId", "The article id does not match the address.");
    const result = await saveArticle(edit, user); // (3) one transaction
    if (result.changed) {
      // (4) Desk views of this article; readers see the published snapshot, which a draft save does not touch.
      revalidatePath("/desk");
      revalidatePath(`/desk/articles/${id}/history`);
    }
    return Response.json(result, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return toHttpResponse(error);
  }
}
