import { READER_CACHE_TAGS, READER_LISTING_TAGS } from "./cache-tags";

/**
 * What changed for readers: some articles (by slug) or everything. Shared by the Next side
 * (`invalidateReaderContent`) and the in-memory page cache in `server/`, so it holds no
 * Next.js or database imports.
 */
export interface ReaderChange {
  slugs?: string[];
  all?: boolean;
}

/** The PostgreSQL NOTIFY channel every server instance listens on. */
export const READER_NOTIFY_CHANNEL = "copydesk_reader";

// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; a change naming that many
// articles (a credit used everywhere) is sent as "everything" instead.
const MAX_NOTIFY_PAYLOAD = 7000;

/** Reader URLs that list articles and so change whenever any article does. */
export const READER_LISTING_PATHS: readonly string[] = ["/", "/corrections", "/feed.xml", "/sitemap.xml", "/news-sitemap.xml"];

export function articlePath(slug: string): string {
  return `/articles/${encodeURIComponent(slug)}`;
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

/**
 * The in-memory page cache of this process registers here (server/), so a change made in this
 * process is applied before `invalidateReaderContent` returns instead of waiting for the NOTIFY
 * round trip. Kept on globalThis because Next's server bundle and the CLI's server code are
 * separate module graphs in one process.
 */
export interface LocalReaderCache {
  /** A random id for this process, sent with notifications as their origin. */
  origin: string;
  apply(change: ReaderChange): Promise<void>;
}

const LOCAL_CACHE_KEY = Symbol.for("copydesk.reader.local-cache");

export function registerLocalReaderCache(cache: LocalReaderCache | undefined): void {
  (globalThis as Record<symbol, unknown>)[LOCAL_CACHE_KEY] = cache;
}

export function localReaderCache(): LocalReaderCache | undefined {
  return (globalThis as Record<symbol, unknown>)[LOCAL_CACHE_KEY] as LocalReaderCache | undefined;
}
