import type { FieldChange } from "@/lib/articles/changes";
import styles from "./diff.module.css";
import { WordDiff } from "./word-diff";

/** The fields that changed, each as a word diff: one view for the history, the conflict view and publishing. */
type ShownChange = Pick<FieldChange, "label" | "segments" | "formattingOnly">;

export function FieldChanges({ changes, emptyMessage }: { changes: ShownChange[]; emptyMessage: string }) {
  if (changes.length === 0) return <p className="muted">{emptyMessage}</p>;
  return (
    <dl className={styles.changes}>
      {changes.map((change) => (
        // Labels name one field each ("Body", "Caption 3").
        <div key={change.label}>
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
