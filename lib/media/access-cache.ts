// Which images readers may fetch, remembered per content hash so a busy image costs no query.
// Dropped whenever reader content changes (lib/site/invalidate.ts and server/reader-cache.ts
// call `clearMediaAccessCache` for local and remote changes alike). No database imports: the
// server's request path imports it. Kept on globalThis because Next's bundle and the server's
// modules are separate module graphs in one process.

import type { FocalPoint } from "./formats";

export interface MediaAccessDecision {
  /** Null when the hash names no image. */
  assetId: string | null;
  /** Null when no published article shows it. */
  publicFocalPoints: FocalPoint[] | null;
}

// A decision is ~200 bytes; 20,000 of them stay within a few megabytes.
const MAX_ENTRIES = 20_000;
const KEY = Symbol.for("copydesk.media.access-cache");

function store(): Map<string, MediaAccessDecision> {
  const holder = globalThis as Record<symbol, Map<string, MediaAccessDecision> | undefined>;
  return (holder[KEY] ??= new Map());
}

export function cachedMediaAccess(hash: string): MediaAccessDecision | undefined {
  return store().get(hash);
}

export function rememberMediaAccess(hash: string, decision: MediaAccessDecision): void {
  const cache = store();
  if (cache.size >= MAX_ENTRIES) {
    // Oldest first: Maps iterate in insertion order.
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(hash, decision);
}

export function clearMediaAccessCache(): void {
  store().clear();
  // Resolved files are content-addressed and stay right, but an image deleted from storage must
  // not be answered from memory forever: dropped with the access decisions.
  files().clear();
}

/** A stored file a public media URL resolved to: content-addressed, so it never changes once known. */
export interface ResolvedMediaFile {
  key: string;
  contentType: string;
  assetId: string;
}

const FILES_KEY = Symbol.for("copydesk.media.resolved-files");

function files(): Map<string, ResolvedMediaFile> {
  const holder = globalThis as Record<symbol, Map<string, ResolvedMediaFile> | undefined>;
  return (holder[FILES_KEY] ??= new Map());
}

/** The file `<hash>/<name>` resolved to before, so a busy image costs no query at all. */
export function cachedMediaFile(hash: string, name: string): ResolvedMediaFile | undefined {
  return files().get(`${hash}/${name}`);
}

export function rememberMediaFile(hash: string, name: string, file: ResolvedMediaFile): void {
  const cache = files();
  if (cache.size >= MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(`${hash}/${name}`, file);
}
