// ts_headline marks matches with these private-use characters rather than HTML: the text is the
// article's own and is escaped like any other text when rendered.
export const SNIPPET_START = "\uE000";
export const SNIPPET_STOP = "\uE001";

export interface SnippetPart {
  text: string;
  match: boolean;
}

/** Splits ts_headline's output into plain and matched parts. */
export function parseSnippet(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const [index, piece] of marked.split(SNIPPET_START).entries()) {
    if (index === 0) {
      if (piece) parts.push({ text: piece, match: false });
      continue;
    }
    const stop = piece.indexOf(SNIPPET_STOP);
    const matched = stop === -1 ? piece : piece.slice(0, stop);
    const rest = stop === -1 ? "" : piece.slice(stop + 1);
    if (matched) parts.push({ text: matched, match: true });
    if (rest) parts.push({ text: rest.replaceAll(SNIPPET_STOP, ""), match: false });
  }
  return parts;
}
