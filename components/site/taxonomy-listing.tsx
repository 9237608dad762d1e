import Link from "next/link";
import { KeysetPagination } from "@/components/ui";
import { taxonomyFeedPath, taxonomyPath } from "@/lib/site/reader-invalidation";
import type { ReaderTaxonomyPage } from "@/lib/site/types";
import { ArticleSummary } from "./article-summary";

const HEADINGS = { section: "", tag: "Tagged: ", author: "" } as const;

/** A section, tag or author page: its name (an author's bio), its stories newest first, paging and the feed link. */
export function TaxonomyListing({ page, timeZone }: { page: ReaderTaxonomyPage; timeZone: string }) {
  const path = taxonomyPath(page.kind, page.slug);
  return (
    <>
      <header className="taxonomy-header">
        <h1>
          {HEADINGS[page.kind]}
          {page.name}
        </h1>
        {page.description ? <p className="standfirst">{page.description}</p> : null}
        <p>
          <a href={taxonomyFeedPath(page.kind, page.slug)} type="application/rss+xml">
            RSS feed
          </a>
        </p>
      </header>
      {page.articles.map((article, index) => (
        <ArticleSummary key={article.slug} article={article} timeZone={timeZone} firstOnPage={index === 0} />
      ))}
      {page.articles.length === 0 ? (
        <p>
          No stories here. <Link href={path}>Back to the latest</Link>.
        </p>
      ) : null}
      <KeysetPagination
        label="Older and newer stories"
        previousHref={page.newer ? `${path}?newer=${page.newer}` : null}
        nextHref={page.older ? `${path}?older=${page.older}` : null}
        firstHref={page.newer ? path : null}
      />
    </>
  );
}
