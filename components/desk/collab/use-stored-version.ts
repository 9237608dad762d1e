"use client";

import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef } from "react";
import type { DraftPhoto } from "@/components/desk/editor/draft";
import type { EditableCredit } from "@/lib/articles/edit-schema";
import type { ArticleForEditing } from "@/lib/articles/editing";
import type { PublishState } from "@/lib/publishing/state";
import type { LiveSessionState } from "./use-live-session";

// What the live editor shows of the stored draft. A store is reported with "saved", which carries
// what the desk shows of the new version (its number, who saved it, whether readers see it), so
// the page is not read again after every store: that was a server render per store per editor, and
// one sent as the server shut down turned the page into an error page.

/** How long after a store the page is read again when it must be (see usePageForNewMedia). */
const REFRESH_DELAY_MS = 1_000;

/**
 * The version line and the publishing panel's state: the last "saved" where it is newer than what
 * the page was rendered with; the page's own once it is as new (it is read again after publishing,
 * and then also knows what was published).
 */
export function useStoredVersion(saved: LiveSessionState["saved"], article: Pick<ArticleForEditing, "version" | "lastEditor">, publishState: PublishState) {
  return useMemo(() => {
    const newer = saved && saved.version > publishState.currentVersion ? saved : null;
    const version = saved && saved.version >= article.version ? saved.version : article.version;
    const lastSavedBy = saved && saved.version >= article.version ? saved.by : (article.lastEditor?.name ?? null);
    return {
      version,
      lastSavedBy,
      publishState: newer ? { ...publishState, currentVersion: newer.version, hasUnpublishedChanges: newer.hasUnpublishedChanges } : publishState,
    };
  }, [saved, article.version, article.lastEditor, publishState]);
}

/**
 * Photos' images and the credits offered come from the page. One that a co-editor chose (an
 * upload, a library image, a new credit) reaches this editor in the live document before the page
 * has it: then, and only then, the page is read again once a store has written it. Only while
 * connected, and a moment later: a server shutting down stores the documents and reports "saved"
 * just before it goes. A reconnect reads it again, so a store made meanwhile is not missed.
 */
export function usePageForNewMedia(
  { savedVersion, connected }: { savedVersion: number | undefined; connected: boolean },
  photos: DraftPhoto[],
  page: { photos: ArticleForEditing["photos"]; credits: EditableCredit[] },
) {
  const router = useRouter();
  const missing = useMemo(() => {
    const images = new Set(page.photos.flatMap((photo) => (photo.image ? [photo.image.id] : [])));
    const credits = new Set(page.credits.map((credit) => credit.id));
    return photos.some((photo) => (photo.imageId !== null && !images.has(photo.imageId)) || (photo.creditId !== null && !credits.has(photo.creditId)));
  }, [photos, page.photos, page.credits]);
  // Read when a store (or a reconnect) comes, not when the media appear: only a store puts them in the page.
  const missingRef = useRef(missing);
  useEffect(() => {
    missingRef.current = missing;
  }, [missing]);
  useEffect(() => {
    if (savedVersion === undefined || !connected || !missingRef.current) return;
    const timer = setTimeout(() => router.refresh(), REFRESH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [savedVersion, connected, router]);
}
