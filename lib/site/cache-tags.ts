/**
 * Every Next.js cache tag the reader site uses, in one place. Cached reader queries tag their
 * results with these; `invalidateReaderContent` revalidates them
 * (which tags a change touches: ./reader-invalidation.ts).
 */
export const READER_CACHE_TAGS = {
  /** Carried by every cached reader query, so one tag can drop them all. */
  all: "reader",
  /** The front page list of published articles. */
  frontPage: "reader:front-page",
  /** The corrections and clarifications page. */
  corrections: "reader:corrections",
  /** The RSS feed. */
  feeds: "reader:feeds",
  /** The sitemap and the Google News sitemap. */
  sitemaps: "reader:sitemaps",
  /** Section, tag and author pages and their feeds (all of them: any publish may change any). */
  taxonomy: "reader:taxonomy",
  /** One published article (its page, structured data and photos). */
  article: (slug: string) => `reader:article:${slug}`,
} as const;
