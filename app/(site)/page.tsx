import type { Metadata } from "next";
import { ArticleSummary } from "@/components/site/article-summary";
import { siteConfig } from "@/lib/site/config";
import { getFrontPage } from "@/lib/site/queries";

// Rendered on request (never at build: the build has no database), from cached data; the
// server's page cache keeps the HTML.
export const dynamic = "force-dynamic";

export function generateMetadata(): Metadata {
  const site = siteConfig();
  return {
    title: { absolute: site.name },
    description: `Latest articles from ${site.name}`,
    alternates: { canonical: "/" },
    openGraph: { type: "website", siteName: site.name, title: site.name, url: "/" },
    twitter: { card: "summary", title: site.name },
  };
}

// GET / — readers: published articles, newest first
export default async function FrontPage() {
  const site = siteConfig();
  const articles = await getFrontPage();
  return (
    <>
      <h1 className="visually-hidden">{site.name}: latest articles</h1>
      {articles.length === 0 ? <p>Nothing has been published yet.</p> : null}
      {articles.map((article, index) => (
        <ArticleSummary key={article.slug} article={article} timeZone={site.timeZone} firstOnPage={index === 0} />
      ))}
    </>
  );
}
