import { randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { clearMediaAccessCache } from "@/lib/media/access-cache";
import { READER_CACHE_TAGS } from "./cache-tags";

/**
 * Reader invalidation, in one place: which reader routes exist and which cache tags and cached
 * pages a change touches; the NOTIFY message that carries a change to every server instance; the
 * page cache this process registers; and the internal route through which the page cache expires
 * Next's data-cache tags from outside a request. Both sides load it — the Next app (through
 * `invalidateReaderContent` in ./invalidate.ts, which binds it to `revalidateTag` and the database)
 * and the Node server around Next (server/reader-cache.ts) — so it imports neither Next nor the
 * database.
 */

// ─── The reader routes ───────────────────────────────────────────────────────────────────────

export interface ReaderRoute {
  /** The path as readers request it (and the page cache's key). */
  path: string;
  /** The data-cache tag of what it shows, besides READER_CACHE_TAGS.all. */
  tag?: string;
  /** A listing: shows every article, so any publish, unpublish or correction changes it. */
  listing: boolean;
  /** Time-dependent documents also expire on their own. */
  ttlMs?: number;
}

/** Every reader route with a fixed path; articles are `articlePath(slug)`. */
export const READER_ROUTES: readonly ReaderRoute[] = [
  { path: "/", tag: READER_CACHE_TAGS.frontPage, listing: true },
  { path: "/corrections", tag: READER_CACHE_TAGS.corrections, listing: true },
  { path: "/feed.xml", tag: READER_CACHE_TAGS.feeds, listing: true },
  { path: "/sitemap.xml", tag: READER_CACHE_TAGS.sitemaps, listing: true },
  // Lists the last two days' articles: the window moves without any publish.
  { path: "/news-sitemap.xml", tag: READER_CACHE_TAGS.sitemaps, listing: true, ttlMs: 10 * 60 * 1000 },
  { path: "/robots.txt", listing: false },
];

const ARTICLE_PREFIX = "/articles/";

/** The reader URL of a published article. */
export function articlePath(slug: string): string {
  return `${ARTICLE_PREFIX}${encodeURIComponent(slug)}`;
}

/** Section, tag and author pages: `/sections/sport`, `/tags/olympics`, `/authors/jane-doe`, each with `…/feed.xml`. */
export const TAXONOMY_KINDS = ["section", "tag", "author"] as const;
export type TaxonomyKind = (typeof TAXONOMY_KINDS)[number];
const TAXONOMY_PREFIXES: Record<TaxonomyKind, string> = { section: "/sections/", tag: "/tags/", author: "/authors/" };
const FEED_SUFFIX = "/feed.xml";

/** The reader URL of a section, tag or author page. */
export function taxonomyPath(kind: TaxonomyKind, slug: string): string {
  return `${TAXONOMY_PREFIXES[kind]}${encodeURIComponent(slug)}`;
}

/**
 * The slug a section, tag or author route segment names. Next hands the segment decoded
 * ("東京"); one still percent-encoded reads the same (slugs never hold a "%"), and so does one in
 * decomposed Unicode (slugs are stored composed, NFC).
 */
export function termSlugFromSegment(segment: string): string {
  let slug = segment;
  if (slug.includes("%")) {
    try {
      slug = decodeURIComponent(slug);
    } catch {
      // Not percent-encoding after all: looked up as it is (and not found).
    }
  }
  return slug.normalize("NFC");
}

/** The RSS feed of a section, tag or author. */
export function taxonomyFeedPath(kind: TaxonomyKind, slug: string): string {
  return `${taxonomyPath(kind, slug)}${FEED_SUFFIX}`;
}

/** Reader URLs that list articles and so change whenever any article does. */
export const READER_LISTING_PATHS: readonly string[] = READER_ROUTES.filter((route) => route.listing).map((route) => route.path);

/**
 * Page-cache key prefixes of listings too many to name (every section, tag and author page and
 * feed): like the listings above, any publish, unpublish or correction drops them all, since the
 * article may appear on (or leave) any of them.
 */
export const READER_LISTING_PREFIXES: readonly string[] = Object.values(TAXONOMY_PREFIXES);

/** Tags carried by listings that any publish, unpublish or correction may change. */
export const READER_LISTING_TAGS: readonly string[] = [
  ...new Set([...READER_ROUTES.filter((route) => route.listing && route.tag).map((route) => route.tag!), READER_CACHE_TAGS.taxonomy]),
];

/** `/sections/<slug>` or `/sections/<slug>/feed.xml` (any kind) as its page-cache key, or null. */
function taxonomyPageKey(url: string): string | null {
  for (const kind of TAXONOMY_KINDS) {
    const prefix = TAXONOMY_PREFIXES[kind];
    if (!url.startsWith(prefix)) continue;
    let rest = url.slice(prefix.length);
    const feed = rest.endsWith(FEED_SUFFIX);
    if (feed) rest = rest.slice(0, -FEED_SUFFIX.length);
    if (rest.length === 0 || rest.includes("/")) return null;
    try {
      const slug = decodeURIComponent(rest);
      return feed ? taxonomyFeedPath(kind, slug) : taxonomyPath(kind, slug);
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The page-cache key of a reader URL (no query string), or null when it is not a reader page.
 * Article slugs are decoded and re-encoded so "/articles/%61b" and "/articles/ab" share the key
 * that invalidation names; a slug that does not decode is no reader page.
 */
export function readerPageKey(url: string): { key: string; ttlMs?: number } | null {
  const route = READER_ROUTES.find((candidate) => candidate.path === url);
  if (route) return { key: route.path, ttlMs: route.ttlMs };
  const taxonomy = taxonomyPageKey(url);
  if (taxonomy) return { key: taxonomy };
  if (!url.startsWith(ARTICLE_PREFIX)) return null;
  const encoded = url.slice(ARTICLE_PREFIX.length);
  if (encoded.length === 0 || encoded.includes("/")) return null;
  try {
    return { key: articlePath(decodeURIComponent(encoded)) };
  } catch {
    return null;
  }
}

// ─── What changed ────────────────────────────────────────────────────────────────────────────

/** What changed for readers: some articles (by slug) or everything. */
export interface ReaderChange {
  slugs?: string[];
  all?: boolean;
}

function cleanSlugs(slugs: readonly unknown[] | undefined): string[] {
  return [...new Set((slugs ?? []).filter((slug): slug is string => typeof slug === "string" && slug.length > 0))];
}

/** Normalises a change: deduplicated slugs; `all` wins over slugs. */
export function normalizeReaderChange(change: ReaderChange): ReaderChange {
  if (change.all) return { all: true };
  return { slugs: cleanSlugs(change.slugs) };
}

/** The Next.js cache tags a change invalidates. */
export function tagsForReaderChange(change: ReaderChange): string[] {
  const normalized = normalizeReaderChange(change);
  if (normalized.all) return [READER_CACHE_TAGS.all];
  if (normalized.slugs!.length === 0) return [];
  return [...normalized.slugs!.map(READER_CACHE_TAGS.article), ...READER_LISTING_TAGS];
}

/** The cached reader URLs a change affects: `"all"` or a list of paths. */
export function pathsForReaderChange(change: ReaderChange): "all" | string[] {
  const normalized = normalizeReaderChange(change);
  if (normalized.all) return "all";
  if (normalized.slugs!.length === 0) return [];
  return [...normalized.slugs!.map(articlePath), ...READER_LISTING_PATHS];
}

/** The page-cache key prefixes a change drops (with `pathsForReaderChange`'s paths). */
export function prefixesForReaderChange(change: ReaderChange): string[] {
  const normalized = normalizeReaderChange(change);
  if (normalized.all || normalized.slugs!.length === 0) return [];
  return [...READER_LISTING_PREFIXES];
}

// ─── Telling every instance ──────────────────────────────────────────────────────────────────

/** The PostgreSQL NOTIFY channel every server instance listens on. */
export const READER_NOTIFY_CHANNEL = "copydesk_reader";

// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; a change naming that many
// articles (a credit used everywhere) is sent as "everything" instead.
const MAX_NOTIFY_PAYLOAD = 7000;

export interface ReaderNotification {
  change: ReaderChange;
  /** The process that sent it (it has already applied the change itself). */
  origin: string;
}

export function encodeReaderNotification(notification: ReaderNotification): string {
  const payload = JSON.stringify({ ...notification, change: normalizeReaderChange(notification.change) });
  if (Buffer.byteLength(payload) <= MAX_NOTIFY_PAYLOAD) return payload;
  return JSON.stringify({ origin: notification.origin, change: { all: true } });
}

/** Parses a NOTIFY payload; anything unreadable is treated as "everything changed". */
export function decodeReaderNotification(payload: string | undefined): ReaderNotification {
  try {
    const parsed = JSON.parse(payload ?? "") as { origin?: unknown; change?: { slugs?: unknown; all?: unknown } };
    const origin = typeof parsed.origin === "string" ? parsed.origin : "";
    if (parsed.change?.all === true) return { origin, change: { all: true } };
    if (Array.isArray(parsed.change?.slugs)) return { origin, change: { slugs: cleanSlugs(parsed.change.slugs) } };
  } catch {
    // fall through
  }
  return { origin: "", change: { all: true } };
}

// ─── This process's page cache ───────────────────────────────────────────────────────────────

/**
 * The in-memory page cache of this process registers here (server/), so a change made in this
 * process is applied before `invalidateReaderContent` returns instead of waiting for the NOTIFY
 * round trip. Kept on globalThis because Next's server bundle and the CLI's server code are
 * separate module graphs in one process.
 */
export interface LocalReaderCache {
  /** A random id for this process, sent with notifications as their origin. */
  origin: string;
  /** `tagsExpired`: Next's data-cache tags were already expired in this process; drop pages only. */
  apply(change: ReaderChange, options?: { tagsExpired?: boolean }): Promise<void>;
}

const LOCAL_CACHE_KEY = Symbol.for("copydesk.reader.local-cache");

export function registerLocalReaderCache(cache: LocalReaderCache | undefined): void {
  (globalThis as Record<symbol, unknown>)[LOCAL_CACHE_KEY] = cache;
}

export function localReaderCache(): LocalReaderCache | undefined {
  return (globalThis as Record<symbol, unknown>)[LOCAL_CACHE_KEY] as LocalReaderCache | undefined;
}

/** How a process expires tags and reaches the other instances (./invalidate.ts binds Next and PostgreSQL). */
export interface ReaderInvalidationPorts {
  /**
   * Expires Next's data-cache tags right here; false when it cannot — outside a request (the CLI,
   * a NOTIFY listener) Next refuses, and the page cache goes through the internal route instead.
   */
  expireTagsHere(tags: string[]): boolean;
  /** Sends the encoded notification to every instance (pg_notify). */
  notify(payload: string): Promise<void>;
}

/**
 * Applies a committed change in this process — each tag expired once: here when inside a
 * request, else by the page cache — then tells every other instance.
 */
export async function publishReaderChange(change: ReaderChange, ports: ReaderInvalidationPorts): Promise<void> {
  const normalized = normalizeReaderChange(change);
  const tags = tagsForReaderChange(normalized);
  if (tags.length === 0) return;
  // Which images readers may fetch follows what is published (lib/media/serve.ts).
  clearMediaAccessCache();
  const tagsExpired = ports.expireTagsHere(tags);
  const local = localReaderCache();
  await local?.apply(normalized, { tagsExpired });
  await ports.notify(encodeReaderNotification({ change: normalized, origin: local?.origin ?? "" }));
}

// ─── The internal route: expiring Next's tags from outside a request ─────────────────────────

/** The route (app/(site)/%5Fcopydesk/revalidate-reader) through which the page cache expires tags inside Next. */
export const INTERNAL_REVALIDATE_PATH = "/_copydesk/revalidate-reader";
/** Header carrying the per-process secret that the internal route checks. */
export const INTERNAL_TOKEN_HEADER = "x-copydesk-token";

/** The secret shared with the Next app in this process (it reads process.env at request time). */
export function ensureInternalToken(): string {
  process.env.COPYDESK_INTERNAL_TOKEN ||= randomBytes(32).toString("hex");
  return process.env.COPYDESK_INTERNAL_TOKEN;
}

/** True when `given` equals the process's internal token (constant-time). */
export function isInternalToken(given: string | null, expected: string | undefined = process.env.COPYDESK_INTERNAL_TOKEN): boolean {
  if (!expected || !given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const internalRevalidateSchema = z.object({
  tags: z
    .array(z.string().max(256).refine((tag) => tag === READER_CACHE_TAGS.all || tag.startsWith(`${READER_CACHE_TAGS.all}:`), "not a reader tag"))
    .max(2000),
});

/** The page cache's side: expires Next's tags in this process by calling the internal route over HTTP. */
export function revalidateTagsVia(baseUrl: string, token: string) {
  return async (tags: string[]) => {
    const response = await fetch(`${baseUrl}${INTERNAL_REVALIDATE_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", [INTERNAL_TOKEN_HEADER]: token },
      body: JSON.stringify({ tags }),
    });
    if (!response.ok) throw new Error(`Revalidating reader tags failed with HTTP ${response.status}`);
  };
}

/** The route's side: checks the token (404 for anyone else) and expires the reader tags named. */
export async function handleInternalRevalidate(request: Request, expireTag: (tag: string) => void): Promise<Response> {
  // Not found rather than forbidden: the route does not exist for anyone else.
  if (!isInternalToken(request.headers.get(INTERNAL_TOKEN_HEADER))) return new Response("Not Found", { status: 404 });
  const parsed = internalRevalidateSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return new Response("Bad Request", { status: 400 });
  for (const tag of parsed.data.tags) expireTag(tag);
  return new Response(null, { status: 204 });
}
