import { createHash } from "node:crypto";
import { promisify } from "node:util";
import zlib from "node:zlib";

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

export type ContentEncoding = "br" | "gzip" | "identity";

/** One stored response: the body in every encoding, compressed once when stored. */
export interface CachedPage {
  key: string;
  status: 200;
  bodies: Record<ContentEncoding, Buffer>;
  /** Response headers per encoding, ready for `writeHead`. */
  headers: Record<ContentEncoding, Record<string, string>>;
  etags: Record<ContentEncoding, string>;
  storedAt: number;
  expiresAt: number | null;
  bytes: number;
}

export interface PageToStore {
  body: Buffer;
  /** Headers to replay besides the ones the cache computes (Content-Type, Vary, …), lower-case names. */
  headers: Record<string, string>;
  /** How long the page may be served without an invalidation; null for until invalidated. */
  ttlMs?: number | null;
}

export interface PageCacheOptions {
  /** Upper bound on stored bytes (all encodings); the oldest pages go first. */
  maxBytes?: number;
  now?: () => number;
}

/** Revalidate with the ETag on every use: freshness is decided here, on invalidation. */
export const CACHED_PAGE_CACHE_CONTROL = "public, max-age=0, must-revalidate";

/**
 * In-memory cache of rendered reader pages. Every invalidation advances an epoch and records
 * it against the keys it dropped: a render that began before an invalidation of its key is
 * refused when it tries to store, so a page rendered from data that was current when the render
 * started can never outlive the change that made it stale.
 */
export class PageCache {
  private readonly pages = new Map<string, CachedPage>();
  private readonly maxBytes: number;
  private readonly now: () => number;
  private totalBytes = 0;
  private epochValue = 0;
  private clearedAt = 0;
  private readonly invalidatedAt = new Map<string, number>();
  private readonly prefixInvalidatedAt = new Map<string, number>();

  constructor(options: PageCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  get epoch(): number {
    return this.epochValue;
  }

  get size(): number {
    return this.pages.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  keys(): string[] {
    return [...this.pages.keys()];
  }

  get(key: string): CachedPage | undefined {
    const page = this.pages.get(key);
    if (page && page.expiresAt !== null && page.expiresAt <= this.now()) {
      this.remove(key);
      return undefined;
    }
    return page;
  }

  /**
   * Compresses and stores a page rendered since `epochAtStart`. Returns null (and stores
   * nothing) when an invalidation happened meanwhile or the page alone exceeds the budget.
   */
  async store(key: string, page: PageToStore, epochAtStart: number): Promise<CachedPage | null> {
    if (this.overtaken(key, epochAtStart)) return null;
    const [gzipped, brotlied] = await Promise.all([
      gzip(page.body, { level: 9 }),
      brotli(page.body, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: page.body.length,
        },
      }),
    ]);
    if (this.overtaken(key, epochAtStart)) return null;

    const hash = createHash("sha256").update(page.body).digest("base64url").slice(0, 27);
    const etags: Record<ContentEncoding, string> = { identity: `"${hash}"`, gzip: `"${hash}-gz"`, br: `"${hash}-br"` };
    const bodies: Record<ContentEncoding, Buffer> = { identity: page.body, gzip: gzipped, br: brotlied };
    const vary = mergeVary(page.headers.vary, "Accept-Encoding");
    const headers = {} as Record<ContentEncoding, Record<string, string>>;
    for (const encoding of ["identity", "gzip", "br"] as const) {
      headers[encoding] = {
        ...page.headers,
        vary,
        "cache-control": CACHED_PAGE_CACHE_CONTROL,
        etag: etags[encoding],
        // Lets operators and tests see that a response never reached Next.
        "x-copydesk-cache": "hit",
        "content-length": String(bodies[encoding].length),
        ...(encoding === "identity" ? {} : { "content-encoding": encoding }),
      };
    }
    const bytes = page.body.length + gzipped.length + brotlied.length;
    if (bytes > this.maxBytes) return null;

    const now = this.now();
    const cached: CachedPage = {
      key,
      status: 200,
      bodies,
      headers,
      etags,
      storedAt: now,
      expiresAt: page.ttlMs != null ? now + page.ttlMs : null,
      bytes,
    };
    this.remove(key);
    this.pages.set(key, cached);
    this.totalBytes += bytes;
    // Map iteration order is insertion order: evict the oldest stored pages first.
    for (const oldest of this.pages.keys()) {
      if (this.totalBytes <= this.maxBytes) break;
      this.remove(oldest);
    }
    return cached;
  }

  /**
   * Drops the given keys and every key starting with one of `prefixes`, or everything; either
   * way, renders in flight may no longer store.
   */
  invalidate(keys: "all" | readonly string[], prefixes: readonly string[] = []): void {
    this.epochValue += 1;
    if (keys === "all") {
      this.clearedAt = this.epochValue;
      this.invalidatedAt.clear();
      this.prefixInvalidatedAt.clear();
      this.pages.clear();
      this.totalBytes = 0;
      return;
    }
    for (const key of keys) {
      this.invalidatedAt.set(key, this.epochValue);
      this.remove(key);
    }
    if (prefixes.length === 0) return;
    for (const prefix of prefixes) this.prefixInvalidatedAt.set(prefix, this.epochValue);
    for (const key of [...this.pages.keys()]) if (prefixes.some((prefix) => key.startsWith(prefix))) this.remove(key);
  }

  /** True when `key` was invalidated after a render that started at `epochAtStart`. */
  overtaken(key: string, epochAtStart: number): boolean {
    if (this.clearedAt > epochAtStart || (this.invalidatedAt.get(key) ?? 0) > epochAtStart) return true;
    for (const [prefix, epoch] of this.prefixInvalidatedAt) if (epoch > epochAtStart && key.startsWith(prefix)) return true;
    return false;
  }

  private remove(key: string) {
    const page = this.pages.get(key);
    if (!page) return;
    this.pages.delete(key);
    this.totalBytes -= page.bytes;
  }
}

function mergeVary(existing: string | undefined, field: string): string {
  const fields = (existing ?? "")
    .split(",")
    .map((value) => value.trim())
    .filter(Boolean);
  if (!fields.some((value) => value.toLowerCase() === field.toLowerCase())) fields.push(field);
  return fields.join(", ");
}

const negotiated = new Map<string, ContentEncoding>();

/** The best encoding a client accepts (brotli, then gzip), honouring q-values; identity otherwise. */
export function negotiateEncoding(acceptEncoding: string | undefined): ContentEncoding {
  if (!acceptEncoding) return "identity";
  const known = negotiated.get(acceptEncoding);
  if (known) return known;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.trim().split("=");
      if (key === "q") q = Number.isFinite(Number(value)) ? Number(value) : 0;
    }
    weights.set(name, q);
  }
  const weight = (name: string) => weights.get(name) ?? weights.get("*") ?? 0;
  let result: ContentEncoding = "identity";
  if (weight("br") > 0 && weight("br") >= weight("gzip")) result = "br";
  else if (weight("gzip") > 0) result = "gzip";
  // The header comes from clients: remember a bounded number of distinct values.
  if (negotiated.size < 256) negotiated.set(acceptEncoding, result);
  return result;
}

/** True when an If-None-Match header names this page (any of its encodings) or "*". */
export function matchesIfNoneMatch(header: string | undefined, page: CachedPage): boolean {
  if (!header) return false;
  const known = new Set(Object.values(page.etags));
  return header.split(",").some((raw) => {
    const tag = raw.trim().replace(/^W\//, "");
    return tag === "*" || known.has(tag);
  });
}
