/**
 * Media settings from the environment (documented in README, "Configuration"). Read at call
 * time so tests and the CLI can set them.
 */
export interface MediaConfig {
  /** Largest upload accepted, in bytes (COPYDESK_MEDIA_MAX_BYTES, default 30 MB). */
  maxBytes: number;
  /** Largest image accepted, in pixels (COPYDESK_MEDIA_MAX_PIXELS, default 50 megapixels). */
  maxPixels: number;
  /** Images processed at once by this process (COPYDESK_MEDIA_CONCURRENCY, default 2). */
  concurrency: number;
  /** Uploads allowed to wait for a slot before new ones are refused (COPYDESK_MEDIA_QUEUE, default 8). */
  queueLimit: number;
}

function positiveInt(value: string | undefined, fallback: number): number {
  if (!value) return fallback;
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

export function mediaConfig(env: Record<string, string | undefined> = process.env): MediaConfig {
  return {
    maxBytes: positiveInt(env.COPYDESK_MEDIA_MAX_BYTES, 30 * 1024 * 1024),
    maxPixels: positiveInt(env.COPYDESK_MEDIA_MAX_PIXELS, 50_000_000),
    concurrency: positiveInt(env.COPYDESK_MEDIA_CONCURRENCY, 2),
    queueLimit: positiveInt(env.COPYDESK_MEDIA_QUEUE, 8),
  };
}
