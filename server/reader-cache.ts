import { randomUUID } from "node:crypto";
import { clearMediaAccessCache } from "@/lib/media/access-cache";
import { localReaderCache, pathsForReaderChange, prefixesForReaderChange, registerLocalReaderCache, tagsForReaderChange, type ReaderChange } from "@/lib/site/reader-invalidation";
import { createFrontCache, type RequestHandler } from "./front-cache";
import { PageCache } from "./page-cache";
import { listenForReaderChanges, type ReaderListener } from "./reader-listener";

export interface ReaderCacheOptions {
  next: RequestHandler;
  /** Expires Next's data-cache tags in this process from outside a request (`revalidateTagsVia`). */
  revalidateTags: (tags: string[]) => Promise<void>;
  maxBytes?: number;
  /** Wait before reconnecting a lost LISTEN connection. */
  retryDelayMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/**
 * The reader page cache of one server process: the front cache in front of Next, and the
 * `apply` that every reader change goes through, whether it was made in this process
 * (`invalidateReaderContent` finds it via `registerLocalReaderCache`) or in another one (a
 * NOTIFY). Data cache first, pages second: a page re-rendered after the drop reads fresh data.
 * A change made inside a request has had its tags expired there already: they are not expired twice.
 */
export function createReaderCache(options: ReaderCacheOptions) {
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[reader-cache] ${message}`, error ?? ""));
  const cache = new PageCache({ maxBytes: options.maxBytes });
  const front = createFrontCache(cache, options.next);
  const origin = randomUUID();
  let listener: ReaderListener | null = null;

  async function apply(change: ReaderChange, { tagsExpired = false }: { tagsExpired?: boolean } = {}): Promise<void> {
    const tags = tagsForReaderChange(change);
    if (tags.length === 0) return;
    // Which images readers may fetch follows what is published (changes from other instances too).
    clearMediaAccessCache();
    if (!tagsExpired) {
      try {
        await options.revalidateTags(tags);
      } catch (error) {
        log("Could not expire Next's cached reader data", error);
      }
    }
    cache.invalidate(pathsForReaderChange(change), prefixesForReaderChange(change));
  }

  return {
    cache,
    handle: front.handle,
    stats: front.stats,
    origin,
    apply,
    /** Makes `invalidateReaderContent` in this process apply changes here directly. */
    registerLocal() {
      registerLocalReaderCache({ origin, apply });
    },
    /** LISTENs for changes made by other processes. Resolves once listening. */
    async listen(connectionString: string) {
      listener = listenForReaderChanges({
        connectionString,
        // This process applied its own changes before sending them.
        onNotification: (notification) => (notification.origin === origin ? undefined : apply(notification.change)),
        // Missed notifications cannot be replayed; cached data from before (including Next's
        // on-disk data cache from an earlier run) is dropped instead.
        onConnected: () => apply({ all: true }),
        retryDelayMs: options.retryDelayMs,
        log,
      });
      await listener.ready;
    },
    async close() {
      if (localReaderCache()?.origin === origin) registerLocalReaderCache(undefined);
      await listener?.close();
    },
  };
}

export type ReaderCache = ReturnType<typeof createReaderCache>;
