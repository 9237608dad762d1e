import path from "node:path";
import { formatCredit } from "@/lib/articles/credit";
import { articleCheckFields } from "@/lib/factcheck/article-fields";
import type { ArchiveContribution, CheckField } from "@/lib/factcheck/types";
import { UnreadableFileError, readDocumentFile } from "./files";
import type { ImportFileResult } from "./import";
import { checkContentLimits } from "./limits";
import { DocumentError, parseDocument, type ParseWarning, type ParsedDocument } from "./parse";
import { articleContentFromParsed, type ImportedContent } from "./snapshot";

// Reading, parsing and checking one document: the importer's CPU work before anything is written.
// It runs in the import's preparation worker (prepare-worker.ts) or, for small imports, in the
// importer's own thread; the same function either way.

export interface PreparedDocument {
  file: string;
  sourceFile: string;
  /** What the writer needs of the parse (the blocks have become `content`). */
  parsed: Pick<ParsedDocument, "date" | "sourceHash" | "warnings">;
  content: ImportedContent;
  /** What the article contributes to the fact-check's archive, once worked out (kept for a batch's retry). */
  contribution?: ArchiveContribution;
}

export type Prepared = { ok: true; document: PreparedDocument } | { ok: false; result: ImportFileResult };

export function failed(file: string, error: string, warnings: ParseWarning[] = []): ImportFileResult {
  return { file, status: "failed", warnings, error };
}

/** The fields the fact-check reads, of the article the document becomes (credits keyed by label). */
export function checkFieldsOf(content: ImportedContent): CheckField[] {
  return articleCheckFields({
    headline: content.headline,
    standfirst: content.standfirst,
    body: content.body,
    photos: content.photos.map((photo) => {
      const label = photo.credit ? formatCredit(photo.credit) : null;
      return { id: String(photo.position), caption: photo.caption, credit: label ? { id: label, label } : null };
    }),
  });
}

/**
 * Reads, parses and checks one file against the editor's limits. `repeatedNames`: file names found
 * in more than one folder, with the path of the first (only that one is imported).
 */
export function prepareFile(file: string, repeatedNames: ReadonlyMap<string, string>): Prepared {
  const sourceFile = path.basename(file);
  const earlier = repeatedNames.get(sourceFile);
  if (earlier !== undefined && earlier !== path.resolve(file)) {
    return {
      ok: false,
      result: failed(file, `${file}: another file named ${sourceFile} (${earlier}) is in this import; articles are matched to files by name`),
    };
  }
  try {
    // One small file at a time, synchronously: cheaper than a promise per file, and only one
    // document's bytes are held at once.
    const bytes = readDocumentFile(file);
    const parsed = parseDocument(bytes, file);
    const content = articleContentFromParsed(parsed);
    checkContentLimits(file, parsed, content);
    return {
      ok: true,
      document: { file, sourceFile, parsed: { date: parsed.date, sourceHash: parsed.sourceHash, warnings: parsed.warnings }, content },
    };
  } catch (error) {
    if (error instanceof DocumentError) return { ok: false, result: failed(file, error.message) };
    if (error instanceof UnreadableFileError) return { ok: false, result: failed(file, `${file}: ${error.message}`) };
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === "EISDIR" ? "is a folder" : code === "EACCES" ? "permission denied" : (error as Error).message;
    return { ok: false, result: failed(file, `${file}: cannot read the file (${message})`) };
  }
}
