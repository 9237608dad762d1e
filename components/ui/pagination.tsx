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
