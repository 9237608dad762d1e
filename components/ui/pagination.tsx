import Link from "next/link";

/** Previous/next links for a paged list; `href(page)` builds each page's URL (keeping filters). */
export function Pagination({ page, pageCount, href, label = "Pages" }: { page: number; pageCount: number; href: (page: number) => string; label?: string }) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label={label} className="pagination">
      {page > 1 ? <Link href={href(page - 1)} rel="prev">← Previous</Link> : <span aria-hidden="true" />}
      <span>
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? <Link href={href(page + 1)} rel="next">Next →</Link> : <span aria-hidden="true" />}
    </nav>
  );
}

/**
 * Previous/next links for a keyset-paged list: each link carries the position it continues from
 * (null when there is no such page), so deep pages cost what the first one does.
 */
export function KeysetPagination({
  previousHref,
  nextHref,
  firstHref,
  label = "Pages",
}: {
  previousHref: string | null;
  nextHref: string | null;
  /** Back to the start; shown when not on the first page. */
  firstHref?: string | null;
  label?: string;
}) {
  if (!previousHref && !nextHref) return null;
  return (
    <nav aria-label={label} className="pagination">
      {previousHref ? <Link href={previousHref} rel="prev">← Previous</Link> : <span aria-hidden="true" />}
      {previousHref && firstHref ? <Link href={firstHref}>First page</Link> : <span aria-hidden="true" />}
      {nextHref ? <Link href={nextHref} rel="next">Next →</Link> : <span aria-hidden="true" />}
    </nav>
  );
}
