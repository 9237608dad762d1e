import type { Metadata } from "next";

export const metadata: Metadata = { title: "Page not found", robots: { index: false } };

export default function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is nothing here. It may have been moved or unpublished. <a href="/">Go to the front page</a>.
      </p>
    </>
  );
}
