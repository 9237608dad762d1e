import { STATUS_LABELS, type ArticleStatusName } from "@/lib/publishing/schemas";
import styles from "./draft-preview.module.css";

/** The unmissable marker on the desk's draft preview, so nobody mistakes it for the live page. */
export function DraftPreviewBanner({ status, version }: { status: ArticleStatusName; version: number }) {
  return (
    <div className={styles.banner} role="note" aria-label="Draft preview">
      <strong>Draft preview — not published.</strong>{" "}
      {status === "published"
        ? `This is the saved draft (version ${version}); readers see the last published version until someone publishes again.`
        : `This is the saved draft (version ${version}). Status: ${STATUS_LABELS[status].toLowerCase()}; readers cannot see it.`}
    </div>
  );
}
