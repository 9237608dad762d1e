import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ValidationError } from "@/lib/errors";
import { siteConfig } from "@/lib/site/config";
import { taxonomyFeedPath, taxonomyPath, termSlugFromSegment, type TaxonomyKind } from "@/lib/site/reader-invalidation";
import { getTaxonomyPage } from "@/lib/site/taxonomy-queries";
import { TaxonomyListing } from "./taxonomy-listing";

// The one implementation of the section, tag and author pages (app/(site)/{sections,tags,authors}/[slug]).

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (value: string | string[] | undefined) => (typeof value === "string" && value.length > 0 ? value : undefined);

async function load(kind: TaxonomyKind, { params, searchParams }: Props) {
  const { slug } = await params;
  const query = await searchParams;
  try {
    return await getTaxonomyPage({ kind, slug: termSlugFromSegment(slug), older: one(query.older), newer: one(query.newer) });
  } catch (error) {
    // A forged or stale page link: nothing to show.
    if (error instanceof ValidationError) return null;
    throw error;
  }
}

const TITLES: Record<TaxonomyKind, (name: string) => string> = {
  section: (name) => name,
  tag: (name) => `Tagged: ${name}`,
  author: (name) => name,
};

export function taxonomyRoute(kind: TaxonomyKind) {
  async function generateMetadata(props: Props): Promise<Metadata> {
    const page = await load(kind, props);
    if (!page) return { title: "Page not found", robots: { index: false } };
    const path = taxonomyPath(kind, page.slug);
    const title = TITLES[kind](page.name);
    const site = siteConfig();
    return {
      title,
      description: page.description || `Latest stories: ${title}`,
      alternates: { canonical: path, types: { "application/rss+xml": taxonomyFeedPath(kind, page.slug) } },
      openGraph: { type: kind === "author" ? "profile" : "website", siteName: site.name, title, url: path },
    };
  }

  async function TaxonomyPage(props: Props) {
    const page = await load(kind, props);
    if (!page) notFound();
    return <TaxonomyListing page={page} timeZone={siteConfig().timeZone} />;
  }

  return { generateMetadata, TaxonomyPage };
}
