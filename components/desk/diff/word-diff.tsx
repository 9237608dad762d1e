import type { DiffSegment } from "@/lib/editor/diff";
import styles from "./diff.module.css";

// Unchanged stretches longer than this are shortened to their ends, so a one-word fix in a long
// story shows as a line, not the whole body.
const CONTEXT_CHARS = 60;

function shorten(text: string, position: "first" | "middle" | "last" | "only"): string {
  if (position === "only" || text.length <= CONTEXT_CHARS * 2 + 5) return text;
  const head = text.slice(0, CONTEXT_CHARS);
  const tail = text.slice(-CONTEXT_CHARS);
  if (position === "first") return `… ${tail}`;
  if (position === "last") return `${head} …`;
  return `${head} … ${tail}`;
}

/** One field's word diff: deletions struck through, insertions underlined, both labelled for screen readers. */
export function WordDiff({ segments }: { segments: DiffSegment[] }) {
  return (
    <p className={styles.diff}>
      {segments.map((segment, index) => {
        if (segment.op === "equal") {
          const position =
            segments.length === 1 ? "only" : index === 0 ? "first" : index === segments.length - 1 ? "last" : "middle";
          return <span key={index}>{shorten(segment.text, position)}</span>;
        }
        const Tag = segment.op === "insert" ? "ins" : "del";
        return (
          <Tag key={index} className={segment.op === "insert" ? styles.inserted : styles.deleted}>
            <span className="visually-hidden">{segment.op === "insert" ? " [added: " : " [removed: "}</span>
            {segment.text}
            <span className="visually-hidden">] </span>
          </Tag>
        );
      })}
    </p>
  );
}
