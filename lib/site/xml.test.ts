import { describe, expect, it } from "vitest";
import type { SiteConfig } from "./config";
import type { ReaderFeedItem, ReaderSitemapEntry } from "./types";
import { buildNewsSitemap, buildRobotsTxt, buildRssFeed, buildSitemap, buildSitemapIndex, cdata, escapeXml, sitemapArticleFiles } from "./xml";
import { recentSitemapEntries } from "./queries";

const site: SiteConfig = { name: "The Daily <Test> & Co", url: "https://news.example", language: "en", timeZone: "UTC" };

function item(overrides: Partial<ReaderFeedItem> = {}): ReaderFeedItem {
  return {
    slug: "paris-hands-over",
    headline: "Paris hands over to L.A.",
    standfirst: "The Games end",
    bodyHtml: "<p>Body text</p>",
    publishedAt: "2024-08-11T20:00:00.000Z",
    updatedAt: null,
    photos: [],
    ...overrides,
  };
}

describe("XML escaping", () => {
  it("escapes markup characters and drops characters XML cannot hold", () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;");
    expect(escapeXml("bell\u0007 and \uFFFE")).toBe("bell and ");
    expect(escapeXml("emoji 😀 stays")).toBe("emoji 😀 stays");
  });

  it("keeps a CDATA section closed only at its end", () => {
    const wrapped = cdata("<p>a ]]> b</p>");
    expect(wrapped).toBe("<![CDATA[<p>a ]]]]><![CDATA[> b</p>]]>");
    // Reassembling the CDATA sections gives the original text back.
    const text = [...wrapped.matchAll(/<!\[CDATA\[(.*?)\]\]>/gs)].map((match) => match[1]).join("");
    expect(text).toBe("<p>a ]]> b</p>");
  });
});

describe("RSS feed", () => {
  it("carries the full content and escapes text fields", () => {
    const xml = buildRssFeed(site, [
      item({
        headline: "Fish & chips <script>",
        photos: [{ captionHtml: "Tom <em>Cruise</em>", captionText: "Tom Cruise", credit: "AP/Martin Meissner", alt: "Tom Cruise", imageUrl: null, image: null }],
      }),
    ]);
    expect(xml).toContain("<title>The Daily &lt;Test&gt; &amp; Co</title>");
    expect(xml).toContain("<title>Fish &amp; chips &lt;script&gt;</title>");
    expect(xml).toContain("<link>https://news.example/articles/paris-hands-over</link>");
    expect(xml).toContain("<pubDate>Sun, 11 Aug 2024 20:00:00 GMT</pubDate>");
    expect(xml).toContain("<content:encoded><![CDATA[<p><strong>The Games end</strong></p>\n<p>Body text</p>");
    expect(xml).toContain("Tom <em>Cruise</em> <small>Photo: AP/Martin Meissner</small>");
    expect(xml).not.toContain("<script>");
  });

  it("lists exactly the items it is given", () => {
    const xml = buildRssFeed(site, [item({ slug: "one" }), item({ slug: "two" })]);
    expect(xml.match(/<item>/g)).toHaveLength(2);
    expect(buildRssFeed(site, [])).not.toContain("<item>");
  });
});

describe("sitemaps", () => {
  const entries: ReaderSitemapEntry[] = [
    { slug: "new", headline: "New & shiny", publishedAt: "2024-08-12T10:00:00.000Z", lastModified: "2024-08-12T11:00:00.000Z" },
    { slug: "old", headline: "Old", publishedAt: "2024-08-01T10:00:00.000Z", lastModified: "2024-08-01T10:00:00.000Z" },
  ];

  it("lists every article with its last modification", () => {
    const xml = buildSitemap(site, entries);
    expect(xml).toContain("<url><loc>https://news.example/articles/new</loc><lastmod>2024-08-12T11:00:00.000Z</lastmod></url>");
    expect(xml).toContain("<loc>https://news.example/articles/old</loc>");
    expect(xml).toContain("<loc>https://news.example/</loc><lastmod>2024-08-12T11:00:00.000Z</lastmod>");
  });

  it("lists section, tag and author pages", () => {
    const xml = buildSitemap(site, entries, [
      { kind: "section", slug: "sport", lastModified: "2024-08-12T11:00:00.000Z" },
      { kind: "author", slug: "jane-doe", lastModified: "2024-08-11T11:00:00.000Z" },
    ]);
    expect(xml).toContain("<url><loc>https://news.example/sections/sport</loc><lastmod>2024-08-12T11:00:00.000Z</lastmod></url>");
    expect(xml).toContain("<url><loc>https://news.example/authors/jane-doe</loc><lastmod>2024-08-11T11:00:00.000Z</lastmod></url>");
  });

  it("is one file up to the protocol's 50,000 URLs, an index of article files beyond", () => {
    expect(sitemapArticleFiles(49_000, 998, 50_000)).toBeNull();
    expect(sitemapArticleFiles(49_000, 999, 50_000)).toBe(1);
    expect(sitemapArticleFiles(100_000, 10, 50_000)).toBe(2);
    expect(sitemapArticleFiles(100_001, 10, 50_000)).toBe(3);
    const index = buildSitemapIndex(site, 2, "2024-08-12T11:00:00.000Z");
    expect(index).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(index.match(/<sitemap>/g)).toHaveLength(3);
    expect(index).toContain("<sitemap><loc>https://news.example/sitemaps/pages</loc><lastmod>2024-08-12T11:00:00.000Z</lastmod></sitemap>");
    expect(index).toContain("<loc>https://news.example/sitemaps/articles/2</loc>");
    expect(index).not.toContain("<url>");
  });

  it("an article file of an index lists only articles; the pages file the front page, corrections and terms", () => {
    const articles = buildSitemap(site, entries, [], false);
    expect(articles.match(/<url>/g)).toHaveLength(2);
    expect(articles).not.toContain("<loc>https://news.example/</loc>");
    const pages = buildSitemap(site, [], [{ kind: "tag", slug: "olympics", lastModified: "2024-08-12T11:00:00.000Z" }], { lastModified: "2024-08-12T12:00:00.000Z" });
    expect(pages).toContain("<loc>https://news.example/</loc><lastmod>2024-08-12T12:00:00.000Z</lastmod>");
    expect(pages).toContain("<loc>https://news.example/corrections</loc>");
    expect(pages).toContain("<loc>https://news.example/tags/olympics</loc>");
  });

  it("keeps only the last two days for Google News", () => {
    const now = Date.parse("2024-08-13T09:00:00.000Z");
    const recent = recentSitemapEntries(entries, now);
    expect(recent.map((entry) => entry.slug)).toEqual(["new"]);
    const xml = buildNewsSitemap(site, recent);
    expect(xml).toContain('xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"');
    expect(xml).toContain("<news:title>New &amp; shiny</news:title>");
    expect(xml).toContain("<news:name>The Daily &lt;Test&gt; &amp; Co</news:name>");
    expect(xml).not.toContain("/articles/old");
  });

  it("points robots at both sitemaps and keeps crawlers out of the desk", () => {
    const robots = buildRobotsTxt(site);
    expect(robots).toContain("Sitemap: https://news.example/sitemap.xml");
    expect(robots).toContain("Sitemap: https://news.example/news-sitemap.xml");
    expect(robots).toContain("Disallow: /desk");
  });
});
