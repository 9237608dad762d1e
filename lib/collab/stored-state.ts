import "server-only";
import * as Y from "yjs";
import type { ArticleSnapshot } from "@/lib/articles/snapshot";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import type { CaptionDoc, RichTextDoc } from "@/lib/editor/schema";
import { NotFoundError } from "@/lib/errors";
import { applyContent, type CollabContent } from "./document";

// The live document's state in PostgreSQL. PostgreSQL is the merge point: every store of a live
// document first merges what is stored (edits another instance stored, a restore), so no write
// ever replaces another, with or without Redis between the instances.

type Tx = Prisma.TransactionClient;

/** Channel on which every instance hears that an article's stored live state changed outside it. */
export const COLLAB_CHANNEL = "copydesk_collab";

/** The co-edited part of a snapshot. */
export function collabContentOf(snapshot: Pick<ArticleSnapshot, "headline" | "standfirst" | "body" | "photos">): CollabContent {
  return {
    headline: snapshot.headline,
    standfirst: snapshot.standfirst,
    body: snapshot.body as RichTextDoc,
    photos: snapshot.photos
      .filter((photo) => photo.id !== null)
      .map((photo) => ({
        id: photo.id!,
        caption: photo.caption as CaptionDoc,
        alt: photo.alt,
        creditId: photo.creditId,
        // A snapshot has image keys only on a photo with an image.
        imageId: photo.imageId ?? null,
        focal: photo.imageId ? (photo.focal ?? { x: 50, y: 50 }) : null,
      })),
  };
}

async function lockedState(tx: Tx, articleId: string) {
  const rows = await tx.$queryRaw<Array<{ state: Uint8Array; draftVersion: number }>>`
    SELECT "state", "draftVersion" FROM "CollabState" WHERE "articleId" = ${articleId} FOR UPDATE`;
  return rows[0] ?? null;
}

async function writeState(tx: Tx, articleId: string, doc: Y.Doc, draftVersion: number) {
  const state = Buffer.from(Y.encodeStateAsUpdate(doc));
  await tx.collabState.upsert({
    where: { articleId },
    create: { articleId, state, draftVersion },
    update: { state, draftVersion },
  });
}

/**
 * After a write outside the live session (a save through the API, a restore): make the stored live
 * state say the same, as a change on top of it (so sessions merge it rather than lose it), and tell
 * every instance. No stored state: nothing to do, the next session starts from the draft.
 */
export async function syncLiveDocument(tx: Tx, articleId: string, content: CollabContent, version: number) {
  const stored = await lockedState(tx, articleId);
  if (!stored) return;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, stored.state);
  applyContent(doc, content);
  await writeState(tx, articleId, doc, version);
  await tx.$executeRaw`SELECT pg_notify(${COLLAB_CHANNEL}, ${articleId})`;
}

async function draftContent(tx: Tx | typeof db, articleId: string) {
  const article = await tx.article.findUnique({
    where: { id: articleId },
    select: {
      version: true,
      headline: true,
      standfirst: true,
      body: true,
      photos: {
        orderBy: { position: "asc" },
        select: { id: true, caption: true, alt: true, creditId: true, imageId: true, focalX: true, focalY: true },
      },
    },
  });
  if (!article) throw new NotFoundError("This article does not exist.");
  const content: CollabContent = {
    headline: article.headline,
    standfirst: article.standfirst,
    body: article.body as RichTextDoc,
    photos: article.photos.map(({ focalX, focalY, ...photo }) => ({
      ...photo,
      caption: photo.caption as CaptionDoc,
      focal: photo.imageId ? { x: focalX ?? 50, y: focalY ?? 50 } : null,
    })),
  };
  return { version: article.version, content };
}

/**
 * Loads an article's live state into `doc`. The first session seeds it from the stored draft, once:
 * the seed is stored before anyone edits, so a client that reconnects later merges into the same
 * items instead of doubling the text. A draft changed since the state was last stored (an import)
 * is applied on top.
 */
export async function loadLiveDocument(articleId: string, doc: Y.Doc): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "Article" WHERE "id" = ${articleId} FOR UPDATE`;
    const draft = await draftContent(tx, articleId);
    const stored = await lockedState(tx, articleId);
    if (stored) {
      Y.applyUpdate(doc, stored.state);
      if (stored.draftVersion === draft.version) return;
    }
    applyContent(doc, draft.content);
    await writeState(tx, articleId, doc, draft.version);
  });
}

/** The stored state of an article's live document (for instances merging a change made elsewhere). */
export async function readStoredState(articleId: string): Promise<Uint8Array | null> {
  const row = await db.collabState.findUnique({ where: { articleId }, select: { state: true } });
  return row?.state ?? null;
}

export { lockedState as lockedLiveState, writeState as writeLiveState, draftContent };

