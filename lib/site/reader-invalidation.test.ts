import { afterEach, describe, expect, it } from "vitest";
import { READER_CACHE_TAGS } from "./cache-tags";
import {
  articlePath,
  decodeReaderNotification,
  encodeReaderNotification,
  ensureInternalToken,
  handleInternalRevalidate,
  INTERNAL_TOKEN_HEADER,
  pathsForReaderChange,
  prefixesForReaderChange,
  publishReaderChange,
  READER_LISTING_PREFIXES,
  taxonomyFeedPath,
  taxonomyPath,
  READER_LISTING_PATHS,
  READER_LISTING_TAGS,
  readerPageKey,
  registerLocalReaderCache,
  tagsForReaderChange,
  termSlugFromSegment,
  type ReaderChange,
} from "./reader-invalidation";

describe("reader changes", () => {
  it("expire the article's tag and every listing, nothing else", () => {
    expect(tagsForReaderChange({ slugs: ["a", "b", "a"] })).toEqual([
      "reader:article:a",
      "reader:article:b",
      READER_CACHE_TAGS.frontPage,
      READER_CACHE_TAGS.corrections,
      READER_CACHE_TAGS.feeds,
      READER_CACHE_TAGS.sitemaps,
      READER_CACHE_TAGS.taxonomy,
    ]);
    expect(tagsForReaderChange({ slugs: ["a"] })).not.toContain(READER_CACHE_TAGS.all);
  });

  it("map `all` to the tag every reader query carries", () => {
    expect(tagsForReaderChange({ all: true, slugs: ["a"] })).toEqual([READER_CACHE_TAGS.all]);
    expect(pathsForReaderChange({ all: true })).toBe("all");
  });

  it("affect nothing when no slug is named", () => {
    expect(tagsForReaderChange({})).toEqual([]);
    expect(pathsForReaderChange({ slugs: [] })).toEqual([]);
  });

  it("name the article page and the listing pages", () => {
    expect(pathsForReaderChange({ slugs: ["paris-closes"] })).toEqual(["/articles/paris-closes", ...READER_LISTING_PATHS]);
    // Every section, tag and author page and feed may list the article: all of them go.
    expect(prefixesForReaderChange({ slugs: ["paris-closes"] })).toEqual(["/sections/", "/tags/", "/authors/"]);
    expect(prefixesForReaderChange({ slugs: [] })).toEqual([]);
    expect(prefixesForReaderChange({ all: true })).toEqual([]);
    expect(articlePath("café olympique")).toBe("/articles/caf%C3%A9%20olympique");
  });

  it("round-trip through a NOTIFY payload", () => {
    const payload = encodeReaderNotification({ origin: "p1", change: { slugs: ["a", "a", "b"] } });
    expect(decodeReaderNotification(payload)).toEqual({ origin: "p1", change: { slugs: ["a", "b"] } });
  });

  it("become `all` when the slugs would not fit in a NOTIFY payload", () => {
    const slugs = Array.from({ length: 500 }, (_, index) => `a-rather-long-article-slug-number-${index}`);
    const payload = encodeReaderNotification({ origin: "p1", change: { slugs } });
    expect(Buffer.byteLength(payload)).toBeLessThan(8000);
    expect(decodeReaderNotification(payload).change).toEqual({ all: true });
  });

  it("treat an unreadable payload as everything changed", () => {
    expect(decodeReaderNotification("not json").change).toEqual({ all: true });
    expect(decodeReaderNotification(JSON.stringify({ change: { slugs: "x" } })).change).toEqual({ all: true });
  });
});

describe("the reader routes", () => {
  it("are one list: the listings' paths and tags come from it", () => {
    expect(READER_LISTING_PATHS).toEqual(["/", "/corrections", "/feed.xml", "/sitemap.xml", "/news-sitemap.xml"]);
    expect(READER_LISTING_TAGS).toEqual([READER_CACHE_TAGS.frontPage, READER_CACHE_TAGS.corrections, READER_CACHE_TAGS.feeds, READER_CACHE_TAGS.sitemaps, READER_CACHE_TAGS.taxonomy]);
    expect(READER_LISTING_PREFIXES).toEqual(["/sections/", "/tags/", "/authors/"]);
  });

  it("give each reader URL the page-cache key invalidation names", () => {
    expect(readerPageKey("/")).toEqual({ key: "/", ttlMs: undefined });
    expect(readerPageKey("/news-sitemap.xml")).toEqual({ key: "/news-sitemap.xml", ttlMs: 600_000 });
    expect(readerPageKey("/robots.txt")).toMatchObject({ key: "/robots.txt" });
    expect(readerPageKey("/articles/caf%C3%A9")).toEqual({ key: articlePath("café") });
    expect(readerPageKey("/articles/%61b")).toEqual({ key: "/articles/ab" });
    for (const url of ["/articles/", "/articles/a/b", "/articles/%E0%A4%A", "/desk", "/corrections/", "/feed"]) expect(readerPageKey(url)).toBeNull();
    expect(readerPageKey("/sections/sport")).toEqual({ key: taxonomyPath("section", "sport") });
    expect(readerPageKey("/tags/caf%C3%A9/feed.xml")).toEqual({ key: taxonomyFeedPath("tag", "café") });
    expect(readerPageKey("/authors/%61b")).toEqual({ key: "/authors/ab" });
    for (const url of ["/sections/", "/sections/a/b", "/tags//feed.xml", "/authors/%E0%A4%A"]) expect(readerPageKey(url)).toBeNull();
    // A non-Latin tag: the URL a browser sends and the one invalidation names share a key.
    expect(readerPageKey("/tags/%E6%9D%B1%E4%BA%AC")).toEqual({ key: taxonomyPath("tag", "東京") });
    expect(readerPageKey("/tags/%D0%BC%D0%BE%D1%81%D0%BA%D0%B2%D0%B0/feed.xml")).toEqual({ key: taxonomyFeedPath("tag", "москва") });
  });

  it("read a section, tag or author slug from its route segment, decoded or not", () => {
    expect(termSlugFromSegment("東京")).toBe("東京");
    expect(termSlugFromSegment("%E6%9D%B1%E4%BA%AC")).toBe("東京");
    expect(termSlugFromSegment("αθήνα".normalize("NFD"))).toBe("αθήνα".normalize("NFC"));
    expect(termSlugFromSegment("100%")).toBe("100%");
    expect(termSlugFromSegment("sport")).toBe("sport");
  });
});

describe("publishing a reader change", () => {
  afterEach(() => registerLocalReaderCache(undefined));

  function recordingCache() {
    const applied: Array<{ change: ReaderChange; tagsExpired?: boolean }> = [];
    registerLocalReaderCache({ origin: "this-process", apply: async (change, options) => void applied.push({ change, tagsExpired: options?.tagsExpired }) });
    return applied;
  }

  it("inside a request, expires each tag once: here, and the page cache only drops pages", async () => {
    const applied = recordingCache();
    const expired: string[][] = [];
    const sent: string[] = [];
    await publishReaderChange({ slugs: ["a", "a"] }, { expireTagsHere: (tags) => (expired.push(tags), true), notify: async (payload) => void sent.push(payload) });
    expect(expired).toEqual([tagsForReaderChange({ slugs: ["a"] })]);
    expect(applied).toEqual([{ change: { slugs: ["a"] }, tagsExpired: true }]);
    expect(sent.map(decodeReaderNotification)).toEqual([{ origin: "this-process", change: { slugs: ["a"] } }]);
  });

  it("outside a request (the CLI), leaves the tags to the page cache and still tells every instance", async () => {
    const applied = recordingCache();
    const sent: string[] = [];
    await publishReaderChange({ all: true }, { expireTagsHere: () => false, notify: async (payload) => void sent.push(payload) });
    expect(applied).toEqual([{ change: { all: true }, tagsExpired: false }]);
    expect(sent.map(decodeReaderNotification)).toEqual([{ origin: "this-process", change: { all: true } }]);
  });

  it("does nothing for a change naming no article", async () => {
    const applied = recordingCache();
    let calls = 0;
    await publishReaderChange({ slugs: [] }, { expireTagsHere: () => (calls++, true), notify: async () => void calls++ });
    expect(calls).toBe(0);
    expect(applied).toEqual([]);
  });
});

describe("the internal revalidation route", () => {
  const call = (body: unknown, token: string | null) =>
    handleInternalRevalidate(
      new Request("http://127.0.0.1/_copydesk/revalidate-reader", {
        method: "POST",
        headers: { "content-type": "application/json", ...(token === null ? {} : { [INTERNAL_TOKEN_HEADER]: token }) },
        body: JSON.stringify(body),
      }),
      (tag) => expired.push(tag),
    );
  let expired: string[] = [];
  afterEach(() => (expired = []));

  it("expires the reader tags named, for this process's token only", async () => {
    const token = ensureInternalToken();
    expect((await call({ tags: ["reader:article:a", "reader"] }, token)).status).toBe(204);
    expect(expired).toEqual(["reader:article:a", "reader"]);
    expect((await call({ tags: ["reader"] }, null)).status).toBe(404);
    expect((await call({ tags: ["reader"] }, `${token.slice(1)}x`)).status).toBe(404);
    expect((await call({ tags: ["desk:users"] }, token)).status).toBe(400);
    expect(expired).toHaveLength(2);
  });
});
