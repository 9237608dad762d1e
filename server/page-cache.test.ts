import { randomBytes } from "node:crypto";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { matchesIfNoneMatch, negotiateEncoding, PageCache } from "./page-cache";

const html = (text: string) => Buffer.from(`<!doctype html><p>${text.repeat(50)}</p>`);
const page = (text: string, ttlMs?: number) => ({ body: html(text), headers: { "content-type": "text/html; charset=utf-8", vary: "RSC" }, ttlMs });

describe("PageCache", () => {
  it("stores a page with gzip and brotli variants of the same bytes", async () => {
    const cache = new PageCache();
    const stored = await cache.store("/a", page("hello "), cache.epoch);
    expect(stored).not.toBeNull();
    const got = cache.get("/a")!;
    expect(zlib.gunzipSync(got.bodies.gzip)).toEqual(html("hello "));
    expect(zlib.brotliDecompressSync(got.bodies.br)).toEqual(html("hello "));
    expect(got.bodies.br.length).toBeLessThan(got.bodies.identity.length);
    expect(got.headers.br).toMatchObject({
      "content-encoding": "br",
      "content-length": String(got.bodies.br.length),
      "content-type": "text/html; charset=utf-8",
      vary: "RSC, Accept-Encoding",
    });
    expect(got.headers.identity).not.toHaveProperty("content-encoding");
    expect(new Set(Object.values(got.etags)).size).toBe(3);
  });

  it("refuses a render that began before an invalidation of its page", async () => {
    const cache = new PageCache();
    const epoch = cache.epoch;
    cache.invalidate(["/a"]);
    expect(await cache.store("/a", page("stale "), epoch)).toBeNull();
    expect(cache.get("/a")).toBeUndefined();
    // Other pages' renders are unaffected; clearing everything overtakes them too.
    expect(await cache.store("/b", page("fine "), epoch)).not.toBeNull();
    cache.invalidate("all");
    expect(await cache.store("/c", page("stale "), epoch)).toBeNull();
    expect(await cache.store("/a", page("fresh "), cache.epoch)).not.toBeNull();
  });

  it("refuses a render invalidated while it was being compressed", async () => {
    const cache = new PageCache();
    const storing = cache.store("/a", page("stale "), cache.epoch);
    cache.invalidate(["/a"]);
    expect(await storing).toBeNull();
    expect(cache.size).toBe(0);
  });

  it("drops exactly the named pages, or all of them", async () => {
    const cache = new PageCache();
    for (const key of ["/", "/articles/a", "/articles/b"]) await cache.store(key, page(key), cache.epoch);
    cache.invalidate(["/articles/a", "/"]);
    expect(cache.keys()).toEqual(["/articles/b"]);
    cache.invalidate("all");
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it("drops every page under a prefix, and refuses renders under it that began before", async () => {
    const cache = new PageCache();
    for (const key of ["/sections/sport", "/sections/sport/feed.xml", "/tags/x", "/articles/a"]) await cache.store(key, page(key), cache.epoch);
    const epoch = cache.epoch;
    cache.invalidate(["/articles/a"], ["/sections/"]);
    expect(cache.keys()).toEqual(["/tags/x"]);
    expect(await cache.store("/sections/world", page("stale "), epoch)).toBeNull();
    expect(await cache.store("/tags/y", page("fine "), epoch)).not.toBeNull();
    expect(await cache.store("/sections/world", page("fresh "), cache.epoch)).not.toBeNull();
  });

  it("expires pages with a time to live", async () => {
    let now = 1000;
    const cache = new PageCache({ now: () => now });
    await cache.store("/news-sitemap.xml", page("x", 500), cache.epoch);
    now = 1499;
    expect(cache.get("/news-sitemap.xml")).toBeDefined();
    now = 1500;
    expect(cache.get("/news-sitemap.xml")).toBeUndefined();
  });

  it("evicts the oldest pages to stay within its byte budget", async () => {
    const cache = new PageCache({ maxBytes: 5000 });
    // Random bytes do not compress: each page costs about 3 × 1500 bytes.
    const big = () => ({ body: randomBytes(1500), headers: { "content-type": "text/html" } });
    await cache.store("/1", big(), cache.epoch);
    await cache.store("/2", big(), cache.epoch);
    expect(cache.keys()).toEqual(["/2"]);
    expect(cache.bytes).toBeLessThanOrEqual(5000);
  });
});

describe("negotiateEncoding", () => {
  it("prefers brotli, then gzip, and honours q-values", () => {
    expect(negotiateEncoding("gzip, deflate, br")).toBe("br");
    expect(negotiateEncoding("gzip")).toBe("gzip");
    expect(negotiateEncoding("br;q=0, gzip;q=0.5")).toBe("gzip");
    expect(negotiateEncoding("br;q=0.4, gzip;q=0.8")).toBe("gzip");
    expect(negotiateEncoding("identity")).toBe("identity");
    expect(negotiateEncoding("*")).toBe("br");
    expect(negotiateEncoding("*;q=0")).toBe("identity");
    expect(negotiateEncoding(undefined)).toBe("identity");
  });
});

describe("matchesIfNoneMatch", () => {
  it("matches any encoding's ETag, weak comparisons and *", async () => {
    const cache = new PageCache();
    const stored = (await cache.store("/a", page("a"), cache.epoch))!;
    expect(matchesIfNoneMatch(stored.etags.gzip, stored)).toBe(true);
    expect(matchesIfNoneMatch(`"other", W/${stored.etags.br}`, stored)).toBe(true);
    expect(matchesIfNoneMatch("*", stored)).toBe(true);
    expect(matchesIfNoneMatch('"other"', stored)).toBe(false);
    expect(matchesIfNoneMatch(undefined, stored)).toBe(false);
  });
});
