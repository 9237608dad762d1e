import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { READER_CACHE_TAGS } from "./cache-tags";

// The server's page cache (server/reader-cache.ts) asks Next to expire reader cache tags through
// an internal route, since revalidateTag only works inside a request. The route is guarded by
// a per-process secret in COPYDESK_INTERNAL_TOKEN, and only reader tags can be named.

export const internalRevalidateSchema = z.object({
  tags: z
    .array(z.string().max(256).refine((tag) => tag === READER_CACHE_TAGS.all || tag.startsWith(`${READER_CACHE_TAGS.all}:`), "not a reader tag"))
    .max(2000),
});

/** True when `given` equals the process's internal token (constant-time). */
export function isInternalToken(given: string | null, expected: string | undefined = process.env.COPYDESK_INTERNAL_TOKEN): boolean {
  if (!expected || !given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
