import { describe, expect, it } from "vitest";
import { siteConfig } from "./config";
import { newsArticleJsonLd, serializeJsonLd } from "./structured-data";
import type { ReaderArticle } from "./types";

const site = siteConfig({ SITE_NAME: "Copydesk Times", SITE_URL: "https://news.example/" });

const article: ReaderArticle = {
  slug: "closing-ceremony",
  headline: "Closing </script><script>alert(1)</script> ceremony",
  standfirst: "Paris hands over",
  bodyHtml: "<p>x</p>",
  bylines: [{ name: "Jane Doe", slug: "jane-doe" }, { name: "Sam Roe", slug: "sam-roe" }],
  section: { name: "Sport", slug: "sport" },
  tags: [{ name: "Olympics", slug: "olympics" }],
  publishedAt: "2024-08-11T20:00:00.000Z",
  updatedAt: "2024-08-12T08:00:00.000Z",
  photos: [
    { captionHtml: "c", captionText: "c", credit: "AP/Martin Meissner", alt: "c", imageUrl: "/images/a.jpg", image: null },
    { captionHtml: "d", captionText: "d", credit: null, alt: "d", imageUrl: null, image: null },
  ],
  corrections: [{ kind: "correction", note: "An earlier version misspelled Phoenix.", date: "2024-08-12T08:00:00.000Z" }],
};

describe("NewsArticle JSON-LD", () => {
  it("states the headline, dates, images, canonical URL and corrections", () => {
    const data = newsArticleJsonLd(article, site);
    expect(data).toMatchObject({
      "@type": "NewsArticle",
      headline: article.headline,
      datePublished: "2024-08-11T20:00:00.000Z",
      dateModified: "2024-08-12T08:00:00.000Z",
      image: ["https://news.example/images/a.jpg"],
      url: "https://news.example/articles/closing-ceremony",
      publisher: { name: "Copydesk Times" },
      correction: [{ "@type": "CorrectionComment", text: "An earlier version misspelled Phoenix.", datePublished: "2024-08-12T08:00:00.000Z" }],
    });
  });

  it("names the bylined people as authors with their author pages, the section and the tags", () => {
    const data = newsArticleJsonLd(article, site);
    expect(data.author).toEqual([
      { "@type": "Person", name: "Jane Doe", url: "https://news.example/authors/jane-doe" },
      { "@type": "Person", name: "Sam Roe", url: "https://news.example/authors/sam-roe" },
    ]);
    expect(data.articleSection).toBe("Sport");
    expect(data.keywords).toEqual(["Olympics"]);
  });

  it("uses the publication date as dateModified when never updated, and omits absent parts", () => {
    const data = newsArticleJsonLd({ ...article, updatedAt: null, corrections: [], photos: [], bylines: [], section: null, tags: [] }, site);
    expect(data.dateModified).toBe(article.publishedAt);
    expect(data).not.toHaveProperty("image");
    expect(data).not.toHaveProperty("correction");
    expect(data).not.toHaveProperty("articleSection");
    expect(data).not.toHaveProperty("keywords");
    // No byline: the publication is the author.
    expect(data.author).toMatchObject({ "@type": "NewsMediaOrganization", name: "Copydesk Times" });
  });

  it("serializes so that no text can close the script element, and parses back unchanged", () => {
    const json = serializeJsonLd(newsArticleJsonLd(article, site));
    expect(json).not.toMatch(/<\/script/i);
    expect(json).not.toContain("<");
    expect(JSON.parse(json).headline).toBe(article.headline);
  });
});

describe("site config", () => {
  it("normalises the base URL and falls back for bad values", () => {
    expect(siteConfig({ SITE_URL: "https://news.example/sub/" }).url).toBe("https://news.example/sub");
    expect(siteConfig({ SITE_URL: "javascript:alert(1)", PORT: "4000" }).url).toBe("http://localhost:4000");
    expect(siteConfig({}).name).toBe("Copydesk");
    expect(siteConfig({ SITE_TIMEZONE: "Not/AZone" }).timeZone).toBe("UTC");
  });
});
