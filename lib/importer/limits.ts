import { HEADLINE_MAX, PHOTOS_MAX, STANDFIRST_MAX, contentLimitIssues, type ContentLimitIssue } from "@/lib/articles/edit-schema";
import { CAPTION_LIMITS, RICH_TEXT_LIMITS } from "@/lib/editor";
import { DocumentError, type ParsedDocument } from "./parse";
import type { ImportedContent } from "./snapshot";

// An import must not create an article the editor cannot save: the content a document becomes is
// checked against the editor's limits (lib/articles/edit-schema.ts), and a document over one is
// refused with the line it comes from.

const MIB = 1024 * 1024;
/**
 * The largest file that can hold a document within the editor's limits: all the text an article
 * can have, at 3 UTF-8 bytes per UTF-16 unit at most, plus a mebibyte for what the text does not
 * count (credits, blank lines, indentation), rounded up to whole mebibytes (6 MiB). A bigger file
 * is refused from its size, before it is read.
 */
export const MAX_DOCUMENT_BYTES =
  Math.ceil(
    (3 * (RICH_TEXT_LIMITS.maxTextChars + PHOTOS_MAX * CAPTION_LIMITS.maxTextChars + HEADLINE_MAX + STANDFIRST_MAX) + MIB) / MIB,
  ) * MIB;

function lineOf(issue: ContentLimitIssue, parsed: ParsedDocument): number {
  const [field, index] = issue.path;
  const bodyLine = parsed.blocks[0]?.line ?? parsed.headlineLine;
  switch (field) {
    case "headline":
      return parsed.headlineLine;
    case "standfirst":
      // A standfirst is the first line's text (parse.ts).
      return parsed.headlineLine;
    case "photos":
      // Too many photos: the first one over the limit; a caption: its own line.
      return parsed.photos[typeof index === "number" ? index : PHOTOS_MAX]?.line ?? bodyLine;
    default:
      return bodyLine;
  }
}

/** Throws a DocumentError (`file:line: reason`) for the first limit the content is over. */
export function checkContentLimits(file: string, parsed: ParsedDocument, content: ImportedContent): void {
  const [issue] = contentLimitIssues(content);
  if (!issue) return;
  const reason =
    issue.path[0] === "standfirst" && parsed.standfirst !== ""
      ? `the first line reads as a standfirst, and ${issue.message}`
      : issue.message;
  throw new DocumentError(file, lineOf(issue, parsed), reason);
}
