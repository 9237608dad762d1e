"use client";

import { useEffect, useState } from "react";
import type * as Y from "yjs";
import type { DraftContent } from "@/components/desk/editor/draft";
import { readContent } from "@/lib/collab/document";
import type { LiveSession } from "./use-live-session";

/** Reading the document on every keystroke of every editor is wasted work; a short pause batches them. */
const READ_DELAY_MS = 60;

/**
 * The article as the live document says it now, as the editor's working copy. Photos are in the
 * document's order; an image the document does not mention yet keeps the one `known` has (the
 * page's, or the last read).
 */
export function draftFromLive(doc: Y.Doc, known: DraftContent, storedOrder: readonly string[]): DraftContent {
  const content = readContent(doc, storedOrder);
  const knownById = new Map(known.photos.map((photo) => [photo.id, photo]));
  return {
    headline: content.headline,
    standfirst: content.standfirst,
    body: content.body,
    photos: content.photos.map((photo) => ({
      id: photo.id,
      caption: photo.caption,
      alt: photo.alt,
      creditId: photo.creditId,
      imageId: photo.imageId !== undefined ? photo.imageId : (knownById.get(photo.id)?.imageId ?? null),
      focal: photo.focal !== undefined ? photo.focal : (knownById.get(photo.id)?.focal ?? null),
    })),
  };
}

/** The live document as the editor's working copy (for the fact-check panel, the character counts, the photos). */
export function useLiveDraft(session: LiveSession | null, synced: boolean, initial: DraftContent): DraftContent {
  const [draft, setDraft] = useState(initial);
  const storedOrder = initial.photos.map((photo) => photo.id).join(",");

  useEffect(() => {
    if (!session || !synced) return;
    const ids = storedOrder ? storedOrder.split(",") : [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const read = () => {
      timer = null;
      setDraft((current) => draftFromLive(session.doc, current, ids));
    };
    const onUpdate = () => {
      timer ??= setTimeout(read, READ_DELAY_MS);
    };
    session.doc.on("update", onUpdate);
    read();
    return () => {
      session.doc.off("update", onUpdate);
      if (timer) clearTimeout(timer);
    };
  }, [session, synced, storedOrder]);

  return draft;
}
