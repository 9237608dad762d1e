import "server-only";
import { revalidateTag } from "next/cache";
import { db } from "@/lib/db";
import { publishReaderChange, READER_NOTIFY_CHANNEL, type ReaderChange } from "./reader-invalidation";

/**
 * Call after every committed mutation that changes what readers see (publish, unpublish,
 * correction, credit edit, caption change of a published article) with the slugs it touched,
 * or `{ all: true }`. Expires the Next.js cache tags, drops this process's cached pages, and
 * NOTIFYs every other server instance to do the same (./reader-invalidation.ts). Resolves once
 * this process serves the change.
 */
export function invalidateReaderContent(change: ReaderChange): Promise<void> {
  return publishReaderChange(change, {
    expireTagsHere(tags) {
      try {
        for (const tag of tags) revalidateTag(tag, { expire: 0 });
        return true;
      } catch {
        // Outside a Server Action or Route Handler (the CLI) Next refuses; see expireTagsHere.
        return false;
      }
    },
    async notify(payload) {
      await db.$executeRaw`SELECT pg_notify(${READER_NOTIFY_CHANNEL}, ${payload})`;
    },
  });
}
