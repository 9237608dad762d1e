import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PhotoFigure } from "@/components/site/photo-figure";
import { siteConfig } from "./config";
import { leadImagePhoto, socialCard } from "./images";
import { newsArticleJsonLd } from "./structured-data";
import type { ReaderArticle, ReaderPhoto } from "./types";
import { buildRssFeed } from "./xml";

const site = siteConfig({ SITE_NAME: "Copydesk Times", SITE_URL: "https://news.example/" });
const hash = "ab".repeat(32);

const withImage: ReaderPhoto = {
  captionHtml: "Firefighters at <em>work</em>",
  captionText: "Firefighters at work",
  credit: "AP/Martin Meissner",
  alt: "Firefighters spray water on a burning warehouse",
  imageUrl: null,
  image: {
    hash,
    width: 1000,
    height: 600,
    focal: { x: 30, y: 70 },
    creator: "Martin Meissner",
    copyright: "© 2026 AP",
    variants: [
      { width: 320, height: 192, format: "webp", bytes: 1 },
      { width: 1000, height: 600, format: "webp", bytes: 1 },
      { width: 320, height: 192, format: "jpeg", bytes: 1 },
      { width: 1000, height: 600, format: "jpeg", bytes: 1 },
    ],
  },
};
const card: ReaderPhoto = { captionHtml: "A caption card", captionText: "A caption card", credit: null, alt: "A caption card", imageUrl: null, image: null };

describe("PhotoFigure", () => {
  it("renders a responsive picture with sizes, width/height, alt, caption and credit", () => {
    const html = renderToStaticMarkup(createElement(PhotoFigure, { photo: withImage, lead: true }));
    expect(html).toContain(`<source type="image/webp" srcSet="/media/${hash}/320.webp 320w, /media/${hash}/1000.webp 1000w"`);
    expect(html).toContain(`srcSet="/media/${hash}/320.jpg 320w, /media/${hash}/1000.jpg 1000w"`);
    expect(html).toMatch(/width="1000" height="600" alt="Firefighters spray water on a burning warehouse" loading="eager"/);
    expect(html).toContain("<figcaption>");
    expect(html).toContain("Photo: AP/Martin Meissner");
  });

  it("lazy-loads images below the first, and keeps caption cards for photos without an image", () => {
    expect(renderToStaticMarkup(createElement(PhotoFigure, { photo: withImage }))).toContain('loading="lazy"');
    const html = renderToStaticMarkup(createElement(PhotoFigure, { photo: card }));
    expect(html).toContain('class="photo photo--card"');
    expect(html).not.toContain("<img");
  });
});

describe("social card, JSON-LD and RSS", () => {
  const article: ReaderArticle = {
    slug: "fire",
    headline: "Warehouse fire",
    standfirst: "",
    bodyHtml: "<p>x</p>",
    bylines: [],
    section: null,
    tags: [],
    publishedAt: "2026-05-30T10:00:00.000Z",
    updatedAt: null,
    photos: [card, withImage],
    corrections: [],
  };

  it("cuts the 1200×630 card of the lead image at its focal point", () => {
    expect(socialCard(site, leadImagePhoto(article.photos)!)).toEqual({
      url: `https://news.example/media/${hash}/og-30-70-1200.jpg`,
      width: 1200,
      height: 630,
      alt: withImage.alt,
    });
  });

  it("describes images as ImageObject with creditText, creator and copyrightNotice", () => {
    expect(newsArticleJsonLd(article, site).image).toEqual([
      {
        "@type": "ImageObject",
        url: `https://news.example/media/${hash}/1000.jpg`,
        contentUrl: `https://news.example/media/${hash}/1000.jpg`,
        width: 1000,
        height: 600,
        caption: "Firefighters at work",
        creditText: "AP/Martin Meissner",
        creator: { "@type": "Person", name: "Martin Meissner" },
        copyrightNotice: "© 2026 AP",
      },
    ]);
  });

  it("gives RSS items media:content with the credit", () => {
    const xml = buildRssFeed(site, [{ ...article, photos: article.photos }]);
    expect(xml).toContain('xmlns:media="http://search.yahoo.com/mrss/"');
    expect(xml).toContain(
      `<media:content url="https://news.example/media/${hash}/1000.jpg" type="image/jpeg" medium="image" width="1000" height="600"><media:description type="plain">Firefighters at work</media:description><media:credit role="photographer">AP/Martin Meissner</media:credit><media:copyright>© 2026 AP</media:copyright></media:content>`,
    );
  });
});
