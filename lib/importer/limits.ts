import { PHOTOS_MAX, contentLimitIssues, type ContentLimitIssue } from "@/lib/articles/edit-schema";
import { DocumentError, type ParsedDocument } from "./parse";
import type { ImportedContent } from "./snapshot";

// An import must not create an article the editor cannot save: the content a document becomes is
// checked against the editor's limits (lib/articles/edit-schema.ts), and a document over one is
// refused with the line it comes from.

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
