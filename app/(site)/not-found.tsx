import type { Metadata } from "next";

export const metadata: Metadata = { title: "Page not found", robots: { index: false } };

export default function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        {/* A plain link: reader pages are served as whole documents from the page cache. */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        There is nothing here. It may have been moved or unpublished. <a href="/">Go to the front page</a>.
      </p>
    </>
  );
}
