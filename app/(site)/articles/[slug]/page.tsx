import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ArticleView } from "@/components/site/article-view";
import { JsonLd } from "@/components/site/json-ld";
import { siteConfig } from "@/lib/site/config";
import { leadImagePhoto, socialCard } from "@/lib/site/images";
import { getPublishedArticle } from "@/lib/site/queries";
import { articlePath } from "@/lib/site/reader-invalidation";
import { newsArticleJsonLd } from "@/lib/site/structured-data";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const article = await getPublishedArticle(slug);
  if (!article) return { title: "Page not found", robots: { index: false } };
  const path = articlePath(article.slug);
  const site = siteConfig();
  // The lead image, cut to 1200×630 around its focal point, is the social card.
  const lead = leadImagePhoto(article.photos);
  const card = lead ? socialCard(site, lead) : null;
  const images = card
    ? [card]
    : article.photos.flatMap((photo) => (photo.imageUrl ? [{ url: photo.imageUrl, alt: photo.alt }] : []));
  const description = article.standfirst || undefined;
  return {
    title: article.headline,
    description,
    alternates: { canonical: path },
    openGraph: {
      type: "article",
      siteName: site.name,
      title: article.headline,
      description,
      url: path,
      publishedTime: article.publishedAt,
      modifiedTime: article.updatedAt ?? article.publishedAt,
      ...(images.length > 0 ? { images } : {}),
    },
    twitter: {
      card: images.length > 0 ? "summary_large_image" : "summary",
      title: article.headline,
      description,
      ...(images.length > 0 ? { images: images.map((image) => image.url) } : {}),
    },
  };
}

// GET /articles/[slug] — readers: one published article; anything else is a 404
export default async function ArticlePage({ params }: Props) {
  const { slug } = await params;
  const article = await getPublishedArticle(slug);
  if (!article) notFound();
  const site = siteConfig();
  return (
    <>
      <JsonLd data={newsArticleJsonLd(article, site)} />
      <ArticleView {...article} timeZone={site.timeZone} />
    </>
  );
}
