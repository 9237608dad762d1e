// The request body limit, read by the Node server (server/request-guard.ts) and by next.config.mjs
// for server actions. Plain JavaScript: next.config.mjs loads it as it is, at build and at start.

/** Default cap on a request body: a large article with hundreds of captions is well under it. */
// Room for the largest save the content limits allow (200,000 body characters and 500 captions as
// TipTap JSON), so that a document that can be imported can also be saved.
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** COPYDESK_MAX_BODY_BYTES (bytes), else the default. */
export function maxBodyBytesFromEnv(env = process.env) {
  const raw = env.COPYDESK_MAX_BODY_BYTES?.trim();
  if (!raw) return DEFAULT_MAX_BODY_BYTES;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`COPYDESK_MAX_BODY_BYTES must be a positive whole number of bytes, not "${raw}".`);
  return value;
}
