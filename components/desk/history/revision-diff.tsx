import { WordDiff } from "@/components/desk/publishing/word-diff";
import type { FieldChange } from "@/lib/articles/changes";
import "./history.css";

/** The fields that changed between two revisions, each as a word diff of its text. */
export function RevisionDiff({ changes }: { changes: FieldChange[] }) {
  if (changes.length === 0) return <p>These two versions read the same.</p>;
  return (
    <dl className="revision-diff">
      {changes.map((change) => (
        <div key={`${change.field}-${change.photoId ?? change.photoNumber ?? ""}`} className="revision-diff-field">
          <dt>
            {change.label}
            {change.formattingOnly ? <span className="muted"> (formatting only: bold, italic, links or headings)</span> : null}
          </dt>
          <dd>
            <WordDiff segments={change.segments} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
