
// Plain links, not next/link: reader pages are whole documents served from the page cache,
// and client-side navigation would fetch them through the framework instead.
/* eslint-disable @next/next/no-html-link-for-pages */

/** Masthead with the site name and navigation; every page's h1 is its own. */
export function SiteHeader({ siteName }: { siteName: string }) {
  return (
    <header className="masthead">
      <div className="wrap masthead__inner">
        <a href="/" className="masthead__name">
          {siteName}
        </a>
        <nav aria-label="Site">
          <ul className="masthead__nav">
            <li>
              <a href="/">
                Latest
              </a>
            </li>
            <li>
              <a href="/corrections">
                Corrections
              </a>
            </li>
          </ul>
        </nav>
      </div>
    </header>
  );
}

export function SiteFooter({ siteName }: { siteName: string }) {
  return (
    <footer className="site-footer">
      <div className="wrap">
        <p>
          © {siteName} · <a href="/feed.xml">RSS feed</a> · <a href="/corrections">Corrections and clarifications</a>
        </p>
      </div>
    </footer>
  );
}
