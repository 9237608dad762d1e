import { absoluteUrl, type SiteConfig } from "./config";
import { largestImage } from "./images";
import { articlePath, taxonomyPath } from "./reader-invalidation";
import type { ReaderArticle } from "./types";

/** "AP/Martin Meissner" → "Martin Meissner". */
function photographerOf(credit: string | null): string | null {
  const slash = credit?.indexOf("/") ?? -1;
  return credit && slash > 0 ? credit.slice(slash + 1) : null;
}

/** schema.org NewsArticle for an article page: what search engines read as its facts. */
export function newsArticleJsonLd(article: ReaderArticle, site: SiteConfig): Record<string, unknown> {
  const url = absoluteUrl(site, articlePath(article.slug));
  const images = article.photos.flatMap((photo): unknown[] => {
    if (photo.image) {
      const largest = largestImage(site, photo.image);
      if (!largest) return [];
      const creator = photo.image.creator ?? photographerOf(photo.credit);
      return [
        {
          "@type": "ImageObject",
          url: largest.url,
          contentUrl: largest.url,
          width: largest.width,
          height: largest.height,
          caption: photo.captionText,
          ...(photo.credit ? { creditText: photo.credit } : {}),
          ...(creator ? { creator: { "@type": "Person", name: creator } } : {}),
          ...(photo.image.copyright ? { copyrightNotice: photo.image.copyright } : {}),
        },
      ];
    }
    return photo.imageUrl ? [new URL(photo.imageUrl, `${site.url}/`).toString()] : [];
  });
  const publisher = { "@type": "NewsMediaOrganization", name: site.name, url: site.url };
  // Bylined stories name their people (with their author pages); unbylined ones the publication.
  const authors = article.bylines.map((byline) => ({ "@type": "Person", name: byline.name, url: absoluteUrl(site, taxonomyPath("author", byline.slug)) }));
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: article.headline,
    ...(article.standfirst ? { description: article.standfirst } : {}),
    url,
    mainEntityOfPage: { "@type": "WebPage", "@id": url },
    datePublished: article.publishedAt,
    dateModified: article.updatedAt ?? article.publishedAt,
    ...(images.length > 0 ? { image: images } : {}),
    inLanguage: site.language,
    author: authors.length > 0 ? authors : publisher,
    ...(article.section ? { articleSection: article.section.name } : {}),
    ...(article.tags.length > 0 ? { keywords: article.tags.map((tag) => tag.name) } : {}),
    publisher,
    ...(article.corrections.length > 0
      ? {
          correction: article.corrections.map((correction) => ({
            "@type": "CorrectionComment",
            text: correction.kind === "clarification" ? `Clarification: ${correction.note}` : correction.note,
            datePublished: correction.date,
          })),
        }
      : {}),
  };
}

/**
 * JSON for a <script type="application/ld+json"> element. `<`, `>`, `&` and the JS line
 * separators are escaped so text such as "</script>" in a headline cannot end the element.
 */
export function serializeJsonLd(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
