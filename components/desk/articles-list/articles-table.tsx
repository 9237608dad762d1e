import Link from "next/link";
import { DeskTime } from "@/components/desk/publishing/desk-time";
import { StatusBadge } from "@/components/desk/publishing/status-badge";
import type { DeskArticleRow } from "@/lib/search/desk-articles";
import type { SnippetPart } from "@/lib/search/snippet";
import { formatInZone } from "@/lib/scheduling/time-zone";
import { STAGE_LABELS } from "@/lib/workflow/stages";
import styles from "./articles-list.module.css";

const WHAT = { imported: "Imported", reimported: "Re-imported", edited: "Edited", restored: "Restored", published: "Published" } as const;

/**
 * The desk's article table; `caption` says what is listed (count and filters), `editing` how many
 * people have each article open in the editor now (absent: nobody).
 */
export function ArticlesTable({
  articles,
  caption,
  newsroomTimeZone,
  editing = {},
}: {
  articles: DeskArticleRow[];
  caption: string;
  newsroomTimeZone: string;
  editing?: Record<string, number>;
}) {
  return (
    <table className={`data ${styles.table}`}>
      <caption className={styles.caption}>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Headline</th>
          <th scope="col">Status</th>
          <th scope="col">Stage</th>
          <th scope="col">Last change</th>
        </tr>
      </thead>
      <tbody>
        {articles.map((article) => (
          <tr key={article.id}>
            <th scope="row" className={styles.headline}>
              <Link href={`/desk/articles/${article.id}`}>{article.headline}</Link>
              {editing[article.id] ? (
                <span className={styles.editing}>
                  {" "}
                  {editing[article.id] === 1 ? "1 person editing" : `${editing[article.id]} people editing`}
                </span>
              ) : null}
              {article.snippet && article.snippet.length > 0 ? <Snippet parts={article.snippet} /> : null}
            </th>
            <td>
              <StatusBadge status={article.status} />
              {article.hasDraftChanges ? (
                <span className={styles.draftChanges}>
                  {" "}
                  Draft changes <span className="visually-hidden">(edited since it was published)</span>
                </span>
              ) : null}
              {article.publishAt ? (
                <span className={styles.draftChanges} data-testid="scheduled-publish">
                  {" "}
                  Publishes <time dateTime={article.publishAt}>{formatInZone(article.publishAt, newsroomTimeZone)}</time>
                </span>
              ) : null}
              {article.unpublishAt ? (
                <span className={styles.draftChanges}>
                  {" "}
                  Unpublishes <time dateTime={article.unpublishAt}>{formatInZone(article.unpublishAt, newsroomTimeZone)}</time>
                </span>
              ) : null}
            </td>
            <td>{STAGE_LABELS[article.stage]}</td>
            <td>
              {WHAT[article.lastChange.what]} <DeskTime iso={article.lastChange.at} />
              {article.lastChange.by ? (
                <>
                  {" "}
                  by <span className={styles.who}>{article.lastChange.by}</span>
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Where a search matched, matches marked (React escapes the article's text like any other). */
function Snippet({ parts }: { parts: SnippetPart[] }) {
  return (
    <p className={styles.snippet}>
      {parts.map((part, index) => (part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
    </p>
  );
}
