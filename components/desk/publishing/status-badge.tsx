import { STATUS_LABELS, type ArticleStatusName } from "@/lib/publishing/schemas";
import styles from "./publishing.module.css";

/** An article's status as a badge; the text says it, colour only repeats it. */
export function StatusBadge({ status }: { status: ArticleStatusName }) {
  return <span className={`badge ${styles[`status-${status}`]}`}>{STATUS_LABELS[status]}</span>;
}
