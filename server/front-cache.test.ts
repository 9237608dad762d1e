import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createFrontCache, readerCacheKey, type RequestHandler } from "./front-cache";
import { PageCache } from "./page-cache";

type Reply = { status?: number; headers?: Record<string, string>; body?: string; delay?: Promise<void> };

/** Stands in for Next: counts renders, streams the body in two writes, marks uncached pages private. */
function fakeNext(reply: (url: string) => Reply) {
  const renders: string[] = [];
  const handler: RequestHandler = async (request, response) => {
    renders.push(request.url!);
    const { status = 200, headers = { "content-type": "text/html; charset=utf-8" }, body = `<p>page ${request.url} ${renders.length}</p>`, delay } = reply(request.url!);
    await delay;
    response.statusCode = status;
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    // Next's default for a dynamic page unless a Cache-Control header is already present.
    if (!response.getHeader("cache-control")) response.setHeader("cache-control", "private, no-cache, no-store, max-age=0, must-revalidate");
    response.write(body.slice(0, 5));
    response.end(body.slice(5));
  };
  return { handler, renders };
}

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function serve(reply: (url: string) => Reply = () => ({})) {
  const next = fakeNext(reply);
  const cache = new PageCache();
  const front = createFrontCache(cache, next.handler);
  const server = http.createServer((request, response) => void front.handle(request, response));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, cache, renders: next.renders, stats: front.stats };
}

function get(base: string, path: string, headers: Record<string, string> = {}, method = "GET") {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const request = http.request(`${base}${path}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on("error", reject);
    request.end();
  });
}

describe("readerCacheKey", () => {
  const request = (url: string, headers: Record<string, string> = {}, method = "GET") => ({ url, headers, method });
  it("accepts reader pages and normalises article slugs", () => {
    for (const url of ["/", "/corrections", "/feed.xml", "/sitemap.xml", "/news-sitemap.xml", "/robots.txt", "/articles/x"]) {
      expect(readerCacheKey(request(url))?.key).toBe(url);
    }
    expect(readerCacheKey(request("/articles/%61b"))?.key).toBe("/articles/ab");
    expect(readerCacheKey(request("/articles/caf%c3%a9"))?.key).toBe("/articles/caf%C3%A9");
  });

  it("refuses everything else", () => {
    for (const url of ["/desk", "/desk/articles/1/preview", "/login", "/api/auth/session", "/_next/data/x.json", "/articles/a/b", "/articles/", "/?page=2", "/articles/%E0%A4%A"]) {
      expect(readerCacheKey(request(url)), url).toBeNull();
    }
    expect(readerCacheKey(request("/", {}, "POST"))).toBeNull();
    expect(readerCacheKey(request("/", { rsc: "1" }))).toBeNull();
    expect(readerCacheKey(request("/", { "next-router-prefetch": "1" }))).toBeNull();
    expect(readerCacheKey(request("/", { authorization: "Basic x" }))).toBeNull();
    expect(readerCacheKey(request("/", { cookie: "a=1; __prerender_bypass=abc" }))).toBeNull();
    // A signed-in editor reading the site gets the same public page.
    expect(readerCacheKey(request("/", { cookie: "next-auth.session-token=abc" }))?.key).toBe("/");
  });
});

describe("front cache", () => {
  it("renders a page once and then serves it without Next, compressed as the client asks", async () => {
    const { base, renders } = await serve();
    const first = await get(base, "/articles/a", { "accept-encoding": "br, gzip" });
    expect(first.status).toBe(200);
    // The miss is streamed by Next uncompressed and not marked private.
    expect(first.headers["content-encoding"]).toBeUndefined();
    expect(first.headers["cache-control"]).toBe("public, max-age=0, must-revalidate");
    expect(first.body.toString()).toBe("<p>page /articles/a 1</p>");

    const br = await get(base, "/articles/a", { "accept-encoding": "gzip, br" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers.vary).toContain("Accept-Encoding");
    expect(Number(br.headers["content-length"])).toBe(br.body.length);
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe("<p>page /articles/a 1</p>");

    const gzip = await get(base, "/articles/a", { "accept-encoding": "gzip" });
    expect(zlib.gunzipSync(gzip.body).toString()).toBe("<p>page /articles/a 1</p>");
    const plain = await get(base, "/articles/a");
    expect(plain.body.toString()).toBe("<p>page /articles/a 1</p>");
    expect(plain.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(renders).toEqual(["/articles/a"]);
  });

  it("answers a matching If-None-Match with 304 and HEAD without a body", async () => {
    const { base } = await serve();
    await get(base, "/");
    const cached = await get(base, "/", { "accept-encoding": "gzip" });
    const revalidated = await get(base, "/", { "if-none-match": cached.headers.etag! });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body.length).toBe(0);
    const head = await get(base, "/", { "accept-encoding": "gzip" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers["content-length"]).toBe(cached.headers["content-length"]);
    expect(head.body.length).toBe(0);
  });

  it("re-renders after an invalidation", async () => {
    const { base, cache, renders } = await serve();
    await get(base, "/articles/a");
    await get(base, "/articles/b");
    cache.invalidate(["/articles/a"]);
    expect((await get(base, "/articles/a")).body.toString()).toBe("<p>page /articles/a 3</p>");
    expect((await get(base, "/articles/b")).body.toString()).toBe("<p>page /articles/b 2</p>");
    expect(renders).toEqual(["/articles/a", "/articles/b", "/articles/a"]);
  });

  it("does not keep a render that an invalidation overtook", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const { base, cache, renders } = await serve(() => (++calls === 1 ? { body: "<p>stale</p>", delay: gate } : { body: "<p>fresh</p>" }));
    const slow = get(base, "/articles/a");
    await new Promise((resolve) => setTimeout(resolve, 50));
    cache.invalidate(["/articles/a"]);
    release();
    expect((await slow).body.toString()).toBe("<p>stale</p>");
    expect((await get(base, "/articles/a")).body.toString()).toBe("<p>fresh</p>");
    expect((await get(base, "/articles/a")).body.toString()).toBe("<p>fresh</p>");
    expect(renders).toHaveLength(2);
  });

  it("lets concurrent requests for a missing page share one render", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { base, renders } = await serve(() => ({ delay: gate }));
    const requests = Array.from({ length: 8 }, () => get(base, "/corrections", { "accept-encoding": "gzip" }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    const responses = await Promise.all(requests);
    expect(renders).toHaveLength(1);
    expect(responses.every((response) => response.status === 200)).toBe(true);
  });

  it("never stores errors, cookies, private pages or non-reader paths", async () => {
    const { base, cache, renders } = await serve((url): Reply => {
      if (url === "/articles/missing") return { status: 404 };
      if (url === "/articles/cookie") return { headers: { "content-type": "text/html", "set-cookie": "a=1" } };
      if (url === "/articles/private") return { headers: { "content-type": "text/html", "cache-control": "private, no-store" } };
      if (url === "/articles/json") return { headers: { "content-type": "application/json" } };
      return {};
    });
    for (const path of ["/articles/missing", "/articles/cookie", "/articles/private", "/articles/json", "/desk", "/?q=1"]) {
      await get(base, path);
      await get(base, path);
    }
    await get(base, "/", { rsc: "1" });
    await get(base, "/", { rsc: "1" });
    expect(cache.size).toBe(0);
    expect(renders).toHaveLength(14);
    // Responses that are not stored are not advertised as public either.
    expect((await get(base, "/articles/missing")).headers["cache-control"]).toMatch(/private/);
    expect((await get(base, "/articles/cookie")).headers["cache-control"]).toMatch(/private/);
  });
});
