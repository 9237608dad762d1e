import { diffWordsWithSpace } from "diff";

export type DiffOp = "equal" | "insert" | "delete";
export type DiffSegment = { op: DiffOp; text: string };

// Word diffs of two revisions of a long story stay fast when the edits are
// few; past this budget the answer degrades to "everything changed" rather
// than holding a request.
const DIFF_TIMEOUT_MS = 1_000;

/**
 * Word-level diff of `a` (old) and `b` (new). Whitespace is kept as its own
 * token, so the equal+delete segments spell `a` exactly and the equal+insert
 * segments spell `b` exactly. Adjacent segments with the same op are merged.
 */
export function diffWords(a: string, b: string): DiffSegment[] {
  if (a === b) return a ? [{ op: "equal", text: a }] : [];
  const changes = diffWordsWithSpace(a, b, { timeout: DIFF_TIMEOUT_MS });
  const raw: DiffSegment[] = changes
    ? changes.map((change) => ({
        op: change.added ? "insert" : change.removed ? "delete" : "equal",
        text: change.value,
      }))
    : [
        { op: "delete", text: a },
        { op: "insert", text: b },
      ];

  const segments: DiffSegment[] = [];
  for (const segment of raw) {
    if (!segment.text) continue;
    const last = segments.at(-1);
    if (last?.op === segment.op) last.text += segment.text;
    else segments.push({ ...segment });
  }
  return segments;
}
