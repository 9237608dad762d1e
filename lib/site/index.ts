import "server-only";

// The reader site's public face for server code. Cached reads live in ./queries, the pure
// builders (JSON-LD, XML) in ./structured-data and ./xml.
export { invalidateReaderContent } from "./invalidate";
export { READER_CACHE_TAGS } from "./cache-tags";
export { articlePath, type ReaderChange } from "./reader-invalidation";
export { siteConfig, absoluteUrl, type SiteConfig } from "./config";
export { articleViewFromSnapshot } from "./preview";
export type {
  ArticleViewModel,
  ReaderArticle,
  ReaderArticleSummary,
  ReaderCorrection,
  ReaderCorrectionEntry,
  ReaderFeedItem,
  ReaderPhoto,
  ReaderSitemapEntry,
} from "./types";
