import type { IncomingMessage, ServerResponse } from "node:http";
import { readerPageKey } from "@/lib/site/reader-invalidation";
import { policyForStoredPage } from "./security-headers";
import { CACHED_PAGE_CACHE_CONTROL, matchesIfNoneMatch, negotiateEncoding, type CachedPage, type PageCache } from "./page-cache";

// Serves published reader pages from memory before the request reaches Next.js. A miss goes
// to Next as usual; the response is copied on its way out and, if it is a plain public 200,
// stored (with gzip and brotli variants) until an invalidation drops it.

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

// Requests for something other than the plain document: the App Router's client navigation
// and prefetch payloads, server actions, draft mode.
const BYPASS_HEADERS = ["rsc", "next-router-prefetch", "next-router-state-tree", "next-router-segment-prefetch", "next-action", "next-url", "authorization"];
const DRAFT_MODE_COOKIE = "__prerender_bypass";

// Headers from Next's response worth replaying; the cache sets the rest itself.
const REPLAYED_HEADERS = ["content-type", "vary", "link", "content-language", "x-robots-tag"];
const CACHEABLE_CONTENT_TYPES = /^(text\/html|application\/(rss\+)?xml|text\/xml|text\/plain)\b/i;
const MAX_CAPTURE_BYTES = 4 * 1024 * 1024;

/**
 * The cache key for a request, or null when the request must go to Next uncached: not GET or
 * HEAD, not a reader page (lib/site/reader-invalidation.ts lists them), carries a query string,
 * or asks for something besides the document.
 */
export function readerCacheKey(request: Pick<IncomingMessage, "method" | "url" | "headers">): { key: string; ttlMs?: number } | null {
  if (request.method !== "GET" && request.method !== "HEAD") return null;
  const url = request.url ?? "";
  if (!url.startsWith("/") || url.includes("?") || url.includes("#")) return null;
  for (const name of BYPASS_HEADERS) if (request.headers[name] !== undefined) return null;
  const cookie = request.headers.cookie;
  if (cookie && cookie.includes(DRAFT_MODE_COOKIE)) return null;
  return readerPageKey(url);
}

function header(value: number | string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(", ") : String(value);
}

export function serveCachedPage(request: IncomingMessage, response: ServerResponse, page: CachedPage): void {
  const encoding = negotiateEncoding(request.headers["accept-encoding"] as string | undefined);
  const headers = page.headers[encoding];
  if (matchesIfNoneMatch(request.headers["if-none-match"], page)) {
    // A 304 updates the browser's stored headers: it must carry the stored page's own policy.
    const policy = headers["content-security-policy"];
    response.writeHead(304, { etag: headers.etag, vary: headers.vary, "cache-control": headers["cache-control"], ...(policy ? { "content-security-policy": policy } : {}) });
    response.end();
    return;
  }
  response.writeHead(200, headers);
  response.end(request.method === "HEAD" ? undefined : page.bodies[encoding]);
}

/** Copies what Next writes to `response`, leaving the response itself untouched. */
function captureBody(response: ServerResponse): () => Buffer | null {
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  const collect = (chunk: unknown, encoding: unknown) => {
    if (overflow || chunk == null || typeof chunk === "function") return;
    const buffer =
      typeof chunk === "string"
        ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
        : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > MAX_CAPTURE_BYTES) overflow = true;
    else chunks.push(buffer);
  };
  const write = response.write;
  const end = response.end;
  response.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    collect(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof response.write;
  response.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    collect(chunk, rest[0]);
    return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as typeof response.end;
  return () => (overflow ? null : Buffer.concat(chunks));
}

// What Next sends for a dynamic page that it does not cache.
const UNCACHED_CACHE_CONTROL = "private, no-cache, no-store, max-age=0, must-revalidate";

/**
 * Marks a page about to be rendered as public (Next would otherwise send its "private" default
 * for dynamic pages), but only if it turns out to be a plain 200 without cookies: anything else
 * gets Next's default back as its headers go out.
 */
function presetPublicCacheControl(response: ServerResponse) {
  response.setHeader("cache-control", CACHED_PAGE_CACHE_CONTROL);
  const writeHead = response.writeHead;
  // Node sends implicit headers through writeHead too, so this sees every response.
  response.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const status = typeof args[0] === "number" ? args[0] : response.statusCode;
    if (response.getHeader("cache-control") === CACHED_PAGE_CACHE_CONTROL && (status !== 200 || response.getHeader("set-cookie") !== undefined)) {
      response.setHeader("cache-control", UNCACHED_CACHE_CONTROL);
    }
    return (writeHead as (...args: unknown[]) => ServerResponse).apply(this, args);
  } as typeof response.writeHead;
}

/** Whether a finished response may be stored, and the headers to replay if so. */
export function storableHeaders(response: ServerResponse): Record<string, string> | null {
  if (response.statusCode !== 200) return null;
  if (response.getHeader("set-cookie") !== undefined) return null;
  if (response.getHeader("content-encoding") !== undefined) return null;
  const cacheControl = (header(response.getHeader("cache-control")) ?? "").toLowerCase();
  if (/\b(private|no-store|no-cache)\b/.test(cacheControl)) return null;
  const contentType = header(response.getHeader("content-type"));
  if (!contentType || !CACHEABLE_CONTENT_TYPES.test(contentType)) return null;
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = header(response.getHeader(name));
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

export interface FrontCacheStats {
  hits: number;
  misses: number;
  stored: number;
}

/** Wraps Next's request handler with the page cache. */
export function createFrontCache(cache: PageCache, next: RequestHandler) {
  // One render per key at a time: requests arriving during a miss wait for its result.
  const inFlight = new Map<string, { epoch: number; done: Promise<void> }>();
  const stats: FrontCacheStats = { hits: 0, misses: 0, stored: 0 };

  async function renderAndStore(request: IncomingMessage, response: ServerResponse, key: string, ttlMs: number | undefined) {
    const epoch = cache.epoch;
    // Next compresses for clients that ask; the cache wants the identity body and compresses
    // it itself. It also keeps Next from marking the page private: pages that really are
    // private (draft mode, errors) still set their own Cache-Control, and are not stored.
    delete request.headers["accept-encoding"];
    presetPublicCacheControl(response);
    const body = captureBody(response);
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    inFlight.set(key, { epoch, done });
    const finished = new Promise<boolean>((resolve) => {
      response.once("finish", () => resolve(true));
      response.once("close", () => resolve(response.writableFinished));
    });
    try {
      await next(request, response);
      if (!(await finished)) return;
      const headers = storableHeaders(response);
      const captured = body();
      if (!headers || !captured) return;
      // The nonce this render was given is in the stored HTML for every later reader to see: the
      // stored copy is served with its inline scripts' hashes instead (see security-headers.ts).
      headers["content-security-policy"] = policyForStoredPage(captured, headers["content-type"] ?? "", key);
      if (await cache.store(key, { body: captured, headers, ttlMs }, epoch)) stats.stored += 1;
    } finally {
      if (inFlight.get(key)?.done === done) inFlight.delete(key);
      settle();
    }
  }

  async function handleMiss(request: IncomingMessage, response: ServerResponse, route: { key: string; ttlMs?: number }): Promise<void> {
    stats.misses += 1;
    const pending = inFlight.get(route.key);
    if (pending && !cache.overtaken(route.key, pending.epoch)) {
      await pending.done;
      const rendered = cache.get(route.key);
      if (rendered) return serveCachedPage(request, response, rendered);
      return next(request, response);
    }
    // A HEAD response has no body to keep.
    if (request.method === "HEAD") return next(request, response);
    return renderAndStore(request, response, route.key, route.ttlMs);
  }

  /** Serves a hit synchronously (no promise on the hot path); returns a promise otherwise. */
  function handle(request: IncomingMessage, response: ServerResponse): Promise<void> | undefined {
    const route = readerCacheKey(request);
    if (!route) return next(request, response);
    const cached = cache.get(route.key);
    if (cached) {
      stats.hits += 1;
      serveCachedPage(request, response, cached);
      return undefined;
    }
    return handleMiss(request, response, route);
  }

  return { handle, stats, cache };
}
