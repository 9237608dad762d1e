// The importer's public face: parse wire documents, import them into articles.
export {
  importDocuments,
  type ImportEvent,
  type ImportFileResult,
  type ImportOptions,
  type ImportStatus,
  type ImportSummary,
} from "./import";
export {
  DocumentError,
  parseDocument,
  type BlockKind,
  type ParsedBlock,
  type ParsedDocument,
  type ParsedPhoto,
  type ParseWarning,
  type PhotoCredit,
} from "./parse";
export { readCaptionCredit, normaliseAgency } from "./caption-credit";
export { slugify } from "./slug";
export { articleContentFromParsed, articleSnapshotFromParsed, type ImportedContent } from "./snapshot";
