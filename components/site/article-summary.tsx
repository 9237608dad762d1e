import { articlePath } from "@/lib/site/reader-invalidation";
import type { ReaderArticleSummary } from "@/lib/site/types";
import { DateLine } from "./date-line";
import "./article.css";
import { PhotoFigure } from "./photo-figure";
import { Byline } from "./byline";

/** One front-page entry: headline link, standfirst, dates and the first photo's caption and credit. */
export function ArticleSummary({ article, timeZone, firstOnPage = false }: { article: ReaderArticleSummary; timeZone: string; firstOnPage?: boolean }) {
  return (
    <article className="summary">
      <h2 className="summary__headline">
        <a href={articlePath(article.slug)}>
          {article.headline}
        </a>
      </h2>
      {article.standfirst ? <p className="standfirst">{article.standfirst}</p> : null}
      <Byline bylines={article.bylines} />
      <DateLine publishedAt={article.publishedAt} updatedAt={article.updatedAt} timeZone={timeZone} />
      {/* Only the first image on the page loads eagerly. */}
      {article.leadPhoto ? <PhotoFigure photo={article.leadPhoto} lead={firstOnPage} /> : null}
    </article>
  );
}
