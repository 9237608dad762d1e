export { invalidateReaderContent } from "./invalidate";
export { READER_CACHE_TAGS } from "./cache-tags";
export type { ReaderChange } from "./reader-change";
