import type { EditableContent } from "@/lib/articles/edit-schema";
import type { ArticleForEditing } from "@/lib/articles/editing";
import { sameJson } from "@/lib/articles/snapshot";
import type { RichTextDoc } from "@/lib/editor";

// The editor's working copy, and the copy of it kept in localStorage so that a crash, a closed
// tab or a refused save never loses what was typed. Browser-only helpers; every storage call is
// guarded (private mode and full quotas throw).

export interface DraftPhoto {
  id: string;
  caption: RichTextDoc;
  alt: string | null;
  creditId: string | null;
  /** The uploaded image and its focal point (null: a caption card). */
  imageId: string | null;
  focal: { x: number; y: number } | null;
}

export interface DraftContent {
  headline: string;
  standfirst: string;
  body: RichTextDoc;
  photos: DraftPhoto[];
}

export interface LocalDraft {
  articleId: string;
  /** The saved version this text started from: restoring it saves against that version (conflict-checked). */
  baseVersion: number;
  writtenAt: string;
  content: DraftContent;
}

/** The editor's working copy of an article as the server sent it. */
export function draftFromArticle(article: ArticleForEditing): DraftContent {
  return {
    headline: article.headline,
    standfirst: article.standfirst,
    body: article.body,
    photos: article.photos.map((photo) => ({
      id: photo.id,
      caption: photo.caption,
      alt: photo.alt,
      creditId: photo.credit?.id ?? null,
      imageId: photo.image?.id ?? null,
      focal: photo.focal,
    })),
  };
}

/** The working copy of content a conflict reported ("their version"). */
export function draftFromEditable(content: EditableContent): DraftContent {
  return {
    headline: content.headline,
    standfirst: content.standfirst,
    body: content.body,
    photos: content.photos.map((photo) => ({
      id: photo.id,
      caption: photo.caption,
      alt: photo.alt,
      creditId: photo.creditId,
      imageId: photo.imageId ?? null,
      focal: photo.focal ?? null,
    })),
  };
}

const PREFIX = "copydesk:draft:";
const keyOf = (articleId: string, baseVersion: number) => `${PREFIX}${articleId}:${baseVersion}`;

export function sameContent(a: DraftContent, b: DraftContent): boolean {
  return sameJson(a, b);
}

export function writeLocalDraft(draft: LocalDraft): void {
  try {
    localStorage.setItem(keyOf(draft.articleId, draft.baseVersion), JSON.stringify(draft));
  } catch {
    // Storage unavailable or full: the editor still holds the text.
  }
}

function isLocalDraft(value: unknown, articleId: string): value is LocalDraft {
  const draft = value as LocalDraft | null;
  return (
    typeof draft === "object" &&
    draft !== null &&
    draft.articleId === articleId &&
    typeof draft.baseVersion === "number" &&
    typeof draft.content?.headline === "string" &&
    Array.isArray(draft.content?.photos)
  );
}

/** This article's kept drafts, newest first. */
export function readLocalDrafts(articleId: string): LocalDraft[] {
  const drafts: LocalDraft[] = [];
  try {
    for (let index = 0; index < localStorage.length; index++) {
      const key = localStorage.key(index);
      if (!key?.startsWith(`${PREFIX}${articleId}:`)) continue;
      try {
        const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? "null");
        if (isLocalDraft(parsed, articleId)) drafts.push(parsed);
      } catch {
        // A corrupt entry is ignored, not fatal.
      }
    }
  } catch {
    return [];
  }
  return drafts.sort((a, b) => b.writtenAt.localeCompare(a.writtenAt));
}

export function removeLocalDraft(articleId: string, baseVersion: number): void {
  try {
    localStorage.removeItem(keyOf(articleId, baseVersion));
  } catch {
    // Nothing to clean up when storage is unavailable.
  }
}

/** Drops kept drafts once their text is saved. */
export function removeLocalDrafts(articleId: string, versions: Iterable<number>): void {
  for (const version of versions) removeLocalDraft(articleId, version);
}
