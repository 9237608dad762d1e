import { describe, expect, it } from "vitest";
import { READER_CACHE_TAGS } from "./cache-tags";
import {
  articlePath,
  decodeReaderNotification,
  encodeReaderNotification,
  pathsForReaderChange,
  READER_LISTING_PATHS,
  tagsForReaderChange,
} from "./reader-change";

describe("reader changes", () => {
  it("expire the article's tag and every listing, nothing else", () => {
    expect(tagsForReaderChange({ slugs: ["a", "b", "a"] })).toEqual([
      "reader:article:a",
      "reader:article:b",
      READER_CACHE_TAGS.frontPage,
      READER_CACHE_TAGS.corrections,
      READER_CACHE_TAGS.feeds,
      READER_CACHE_TAGS.sitemaps,
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
