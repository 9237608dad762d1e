import "server-only";
import { db } from "@/lib/db";

/**
 * The desk search's GIN index takes new entries into a pending list (fastupdate) and merges the
 * list into the index when it outgrows gin_pending_list_limit (4 MB), in whichever write crosses
 * it. Each write of a search row adds every word of its document again (the long article's save:
 * ~2,800 entries, 11 pages), so every ~46th save of the long article also merged 500 pages: 124 ms
 * instead of ~2 ms at 3,000 articles, more in a larger index. Every search also reads the whole
 * pending list. Merged here every SEARCH_INDEX_UPKEEP_MS, off any request, the list stays well
 * under the limit, so a save does not pay the merge and a search reads a short list.
 */
export const SEARCH_INDEX_UPKEEP_MS = 30_000;

const SEARCH_INDEX = `"ArticleSearch_document_filters_idx"`;

/** Merges the pending list into the index; returns the number of pending pages merged. */
export async function mergeSearchIndexPendingList(): Promise<number> {
  const [row] = await db.$queryRawUnsafe<Array<{ pages: number }>>(`SELECT gin_clean_pending_list('${SEARCH_INDEX}'::regclass)::int AS pages`);
  return row?.pages ?? 0;
}

/**
 * Merges now and every `intervalMs` until stopped. Several instances may each run it: a merge
 * waits for one under way and then finds the list short. A failure is logged and tried again at
 * the next interval.
 */
export function startSearchIndexUpkeep(intervalMs = SEARCH_INDEX_UPKEEP_MS): { stop: () => Promise<void> } {
  let running: Promise<void> | null = null;
  const run = () => {
    if (running) return;
    running = mergeSearchIndexPendingList()
      .then(() => {}, (error) => console.error("[copydesk] search index upkeep failed", error))
      .finally(() => (running = null));
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
