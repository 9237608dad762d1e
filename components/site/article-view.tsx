import type { ArticleViewModel } from "@/lib/site/types";
import { formatDate } from "@/lib/site/format";
import { DateLine } from "./date-line";
import { PhotoFigure } from "./photo-figure";
import { Byline } from "./byline";
import { taxonomyPath } from "@/lib/site/reader-invalidation";
import "./article.css";

export type ArticleViewProps = ArticleViewModel & { timeZone?: string };

const CORRECTION_LABEL = { correction: "Correction", clarification: "Clarification" } as const;

/**
 * A whole article as readers see it: used by the reader's article page and the desk's draft
 * preview. Server-only markup: no client JavaScript.
 */
export function ArticleView({ headline, standfirst, bodyHtml, photos, publishedAt, updatedAt, corrections, bylines, section, tags, timeZone = "UTC" }: ArticleViewProps) {
  const [lead, ...gallery] = photos;
  return (
    <article className="article">
      <header className="article__header">
        {section ? (
          <p className="article__section">
            <a href={taxonomyPath("section", section.slug)}>{section.name}</a>
          </p>
        ) : null}
        <h1>{headline}</h1>
        {standfirst ? <p className="standfirst">{standfirst}</p> : null}
        <Byline bylines={bylines} />
        <DateLine publishedAt={publishedAt} updatedAt={updatedAt} timeZone={timeZone} withTime />
      </header>
      {lead ? <PhotoFigure photo={lead} lead /> : null}
      {/* Sanitized by renderDocToHtml (lib/editor/render). */}
      <div className="article__body" dangerouslySetInnerHTML={{ __html: bodyHtml }} />
      {gallery.length > 0 ? (
        <section className="gallery" aria-labelledby="photos-heading">
          <h2 id="photos-heading">Photos</h2>
          {gallery.map((photo, index) => (
            <PhotoFigure key={index} photo={photo} />
          ))}
        </section>
      ) : null}
      {tags && tags.length > 0 ? (
        <nav className="article__tags" aria-label="Tags">
          <ul>
            {tags.map((tag) => (
              <li key={tag.slug}>
                <a href={taxonomyPath("tag", tag.slug)} rel="tag">
                  {tag.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {corrections.length > 0 ? (
        <section className="corrections" aria-labelledby="corrections-heading">
          <h2 id="corrections-heading">Corrections and clarifications</h2>
          <ul>
            {corrections.map((correction, index) => (
              <li key={index}>
                <strong>{CORRECTION_LABEL[correction.kind]}</strong>, <time dateTime={correction.date}>{formatDate(correction.date, timeZone)}</time>:{" "}
                {correction.note}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
