import "server-only";
import * as Y from "yjs";
import type { Actor } from "@/lib/auth/access";
import { writeLiveContent } from "@/lib/articles/editing";
import { db } from "@/lib/db";
import { prepareArchiveContribution } from "@/lib/factcheck/archive-refresh";
import { articleEditSchema, type SaveResult } from "@/lib/articles/edit-schema";
import { draftDiffersFromPublished } from "@/lib/publishing/state";
import { applyContent, readContent } from "./document";
import { draftContent, lockedLiveState as lockedState, writeLiveState as writeState } from "./stored-state";

/** Why a live document could not become the draft (its state is stored all the same), and the field at fault ("headline", "photos.2.alt"). */
export class LiveDraftRefused extends Error {
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

export interface LiveSaveResult extends SaveResult {
  /** The stored version reads differently from the article's last publication (PublishState.hasUnpublishedChanges). */
  hasUnpublishedChanges: boolean;
  /** The name of whoever last changed the draft; null when nobody has since its import. */
  savedBy: string | null;
}

/**
 * Stores a live document: merges the stored state into it (edits stored by other instances, a
 * restore), writes the merged text as the draft through the one article write path (revisions
 * coalesced per author), and stores the merged state, all in one transaction. Content the editor's
 * schema refuses (an emptied headline) is kept in the live state but not written as the draft:
 * LiveDraftRefused says why, for the editors to see.
 *
 * The fact-check archive's analysis of the text is worked out first, on a worker, outside the
 * transaction: the transaction holds the article's row lock and must stay short (under load, the
 * analysis inside it ran past Prisma's transaction timeout).
 *
 * The result also says what the desk shows of the stored version, for the editors to be told with
 * "saved" instead of each reading the page again: whether it differs from what readers see, and who
 * saved it last. Read after the transaction, for the same reason.
 */
export async function storeLiveDocument(articleId: string, doc: Y.Doc, actor: Actor): Promise<LiveSaveResult> {
  let refused: { message: string; field: string | null } | null = null;
  const photoIds = (await db.photo.findMany({ where: { articleId }, orderBy: { position: "asc" }, select: { id: true } })).map((photo) => photo.id);
  const archive = await prepareArchiveContribution(articleId, readContent(doc, photoIds));
  const result = await writeLiveContent(
    {
      articleId,
      actor,
      archive,
      prepare: async (tx, current) => {
        const stored = await lockedState(tx, articleId);
        if (stored) Y.applyUpdate(doc, stored.state, "storage");
        if (!stored || stored.draftVersion !== current.version) {
          // The draft changed outside any session since this state was stored (an import): it wins.
          applyContent(doc, (await draftContent(tx, articleId)).content, "storage");
        }
        const content = readContent(doc, current.photos.map((photo) => photo.id));
        const parsed = articleEditSchema.safeParse({ articleId, expectedVersion: current.version, ...content });
        if (parsed.success) return parsed.data;
        const issue = parsed.error.issues[0];
        refused = { message: issue?.message ?? "This text cannot be saved.", field: issue?.path.length ? issue.path.join(".") : null };
        // Keep the draft as it is; the live state (with the refused text) is still stored below.
        return articleEditSchema.parse({ articleId, expectedVersion: current.version, ...(await draftContent(tx, articleId)).content });
      },
    },
    async (tx, saved) => writeState(tx, articleId, doc, saved.version),
  );
  if (refused) {
    const { message, field } = refused as { message: string; field: string | null };
    throw new LiveDraftRefused(message, field);
  }
  const article = await db.article.findUniqueOrThrow({
    where: { id: articleId },
    select: { publishedSnapshot: true, lastEditor: { select: { name: true } } },
  });
  return {
    ...result,
    hasUnpublishedChanges: await draftDiffersFromPublished(articleId, result.version, article.publishedSnapshot),
    savedBy: article.lastEditor?.name ?? null,
  };
}
