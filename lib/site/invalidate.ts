import "server-only";
import { revalidateTag } from "next/cache";
import { db } from "@/lib/db";
import { clearMediaAccessCache } from "@/lib/media/access-cache";
import {
  encodeReaderNotification,
  localReaderCache,
  normalizeReaderChange,
  READER_NOTIFY_CHANNEL,
  tagsForReaderChange,
  type ReaderChange,
} from "./reader-change";

/**
 * Call after every committed mutation that changes what readers see (publish, unpublish,
 * correction, credit edit, caption change of a published article) with the slugs it touched,
 * or `{ all: true }`. Revalidates the Next.js cache tags, drops this process's cached pages,
 * and NOTIFYs every other server instance to do the same. Resolves once this process serves
 * the change.
 */
export async function invalidateReaderContent(change: ReaderChange): Promise<void> {
  const normalized = normalizeReaderChange(change);
  const tags = tagsForReaderChange(normalized);
  if (tags.length === 0) return;
  clearMediaAccessCache();

  // Inside a Server Action or Route Handler the tags can be expired right here; outside one
  // (the CLI) Next refuses, and the server instances do it when the notification arrives.
  for (const tag of tags) {
    try {
      revalidateTag(tag, { expire: 0 });
    } catch {
      break;
    }
  }

  const local = localReaderCache();
  await local?.apply(normalized);

  const payload = encodeReaderNotification({ change: normalized, origin: local?.origin ?? "" });
  await db.$executeRaw`SELECT pg_notify(${READER_NOTIFY_CHANNEL}, ${payload})`;
}
