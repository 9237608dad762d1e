import Link from "next/link";
import { StatusBadge } from "@/components/desk/publishing/status-badge";
import type { MediaArticleUse } from "@/lib/media/library";

/** The articles an image appears in, each with its status, linking to its editor. */
export function MediaUsage({ articles, articleCount, publishedCount }: { articles: MediaArticleUse[]; articleCount: number; publishedCount: number }) {
  if (articleCount === 0) return <span className="muted">Not used in any article</span>;
  return (
    <>
      <p className="media-usage-count">
        {articleCount.toLocaleString("en")} {articleCount === 1 ? "article" : "articles"}, {publishedCount.toLocaleString("en")} published
      </p>
      <ul className="credit-articles">
        {articles.map((article) => (
          <li key={article.id}>
            <Link href={`/desk/articles/${article.id}`}>{article.headline}</Link> <StatusBadge status={article.status} />
          </li>
        ))}
      </ul>
    </>
  );
}
