import type { FocalPoint, StoredVariant } from "@/lib/media/formats";

// Plain, JSON-serialisable shapes the reader components receive. Dates are ISO strings: these
// objects pass through Next's data cache, which stores JSON.

export interface ReaderPhoto {
  /** Sanitized inline HTML of the caption. */
  captionHtml: string;
  captionText: string;
  /** "AP/Martin Meissner", or null when the photo has no credit. */
  credit: string | null;
  /** The alt text: the editor's, else the caption. */
  alt: string;
  imageUrl: string | null;
  /** The uploaded image with its variants, or null for a caption card (or a legacy imageUrl). */
  image: ReaderImage | null;
}

export interface ReaderImage {
  hash: string;
  width: number;
  height: number;
  variants: StoredVariant[];
  focal: FocalPoint;
  creator: string | null;
  copyright: string | null;
}

export type ReaderCorrectionKind = "correction" | "clarification";

export interface ReaderCorrection {
  kind: ReaderCorrectionKind;
  note: string;
  /** ISO date-time the correction was published. */
  date: string;
}

/** A section, tag or contributor as readers see it: a name and the slug of its page. */
export interface ReaderTerm {
  name: string;
  slug: string;
}

/** Who wrote an article, section and tags (read live: they are not held back for a publication). */
export interface ReaderTaxonomy {
  bylines: ReaderTerm[];
  section: ReaderTerm | null;
  tags: ReaderTerm[];
}

export interface ReaderArticle extends ReaderTaxonomy {
  slug: string;
  headline: string;
  standfirst: string;
  /** Sanitized HTML of the body. */
  bodyHtml: string;
  /** ISO date-time of first publication. */
  publishedAt: string;
  /** ISO date-time of the last public update, or null when never updated publicly. */
  updatedAt: string | null;
  photos: ReaderPhoto[];
  /** Oldest first. */
  corrections: ReaderCorrection[];
}

export interface ReaderArticleSummary {
  slug: string;
  /** Shown on section, tag and author pages; absent on the front page. */
  bylines?: ReaderTerm[];
  headline: string;
  standfirst: string;
  publishedAt: string;
  updatedAt: string | null;
  leadPhoto: ReaderPhoto | null;
}

export interface ReaderCorrectionEntry extends ReaderCorrection {
  articleSlug: string;
  articleHeadline: string;
}

/** A published article as the feeds and sitemaps list it. */
export interface ReaderFeedItem {
  slug: string;
  headline: string;
  standfirst: string;
  bodyHtml: string;
  publishedAt: string;
  updatedAt: string | null;
  photos: ReaderPhoto[];
}

export interface ReaderSitemapEntry {
  slug: string;
  headline: string;
  publishedAt: string;
  /** Latest of first publication, public update and silent republication. */
  lastModified: string;
}

/**
 * Everything the article view shows. Built from the published snapshot for readers, or from
 * the working draft for the desk's preview (`articleViewFromSnapshot`).
 */
export interface ArticleViewModel {
  headline: string;
  standfirst: string;
  bodyHtml: string;
  photos: Array<Pick<ReaderPhoto, "captionHtml" | "credit" | "alt" | "imageUrl" | "image">>;
  /** Null for a draft that was never published. */
  publishedAt: string | null;
  updatedAt: string | null;
  corrections: ReaderCorrection[];
  /** Linked to their reader pages (the desk's draft preview shows them too). */
  bylines?: ReaderTerm[];
  section?: ReaderTerm | null;
  tags?: ReaderTerm[];
}

/** One page of a section, tag or author listing (newest first), keyset-paged. */
export interface ReaderTaxonomyPage {
  kind: "section" | "tag" | "author";
  name: string;
  slug: string;
  /** An author's short bio; empty otherwise. */
  description: string;
  articles: ReaderArticleSummary[];
  /** Cursors for older and newer pages (null when there are none). */
  older: string | null;
  newer: string | null;
}
