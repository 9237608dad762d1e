import "server-only";
import type { Readable } from "node:stream";
import { db } from "@/lib/db";
import { publicImageUse } from "./access";
import { cachedMediaAccess, cachedMediaFile, rememberMediaAccess, rememberMediaFile, type MediaAccessDecision } from "./access-cache";
import { parseMediaRequest, type MediaRequest } from "./formats";
import { mediaStorage, resolveMediaFile, type MediaFile } from "./service";

// One answer to "GET /media/<hash>/<name>" for both the server's fast path (server/media.ts)
// and the Next route (desk sessions, development).

export const PUBLIC_CACHE_CONTROL = "public, max-age=31536000, immutable";
// Desk-only images may become public later with the same bytes, but must not sit in shared caches now.
export const PRIVATE_CACHE_CONTROL = "private, max-age=3600";

export type MediaResponse =
  | { status: 304; headers: Record<string, string> }
  | { status: 404 }
  | { status: 200; headers: Record<string, string>; body: Readable; size: number };

async function accessDecision(hash: string): Promise<MediaAccessDecision> {
  const cached = cachedMediaAccess(hash);
  if (cached) return cached;
  const asset = await db.mediaAsset.findUnique({ where: { hash }, select: { id: true } });
  const use = asset ? await publicImageUse(asset.id) : null;
  const decision = { assetId: asset?.id ?? null, publicFocalPoints: use?.focalPoints ?? null };
  rememberMediaAccess(hash, decision);
  return decision;
}

function isPublicRequest(request: MediaRequest, decision: MediaAccessDecision): boolean {
  if (!decision.assetId || !decision.publicFocalPoints) return false;
  if (request.kind === "variant") return true;
  // Readers get the crops the published photos use, not any focal point they could ask for.
  return decision.publicFocalPoints.some((focal) => Math.round(focal.x) === request.focal.x && Math.round(focal.y) === request.focal.y);
}

export function etagFor(request: { hash: string; name: string }): string {
  return `"${request.hash.slice(0, 24)}-${request.name}"`;
}

function matches(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag || candidate.trim() === "*");
}

async function respond(request: MediaRequest, file: MediaFile | null, cacheControl: string, ifNoneMatch: string | null | undefined): Promise<MediaResponse> {
  if (!file) return { status: 404 };
  const etag = etagFor(request);
  const headers = { "cache-control": cacheControl, etag, "content-type": file.contentType, "x-content-type-options": "nosniff" };
  if (matches(ifNoneMatch, etag)) return { status: 304, headers };
  const stored = await mediaStorage().get(file.key);
  if (!stored) return { status: 404 };
  return { status: 200, headers: { ...headers, "content-length": String(stored.size) }, body: stored.body, size: stored.size };
}

/**
 * A variant or crop for a reader: only when a published article shows the image. Null when the
 * request is not for a public image (the caller may then check for a desk session).
 */
export async function servePublicMedia(hash: string, name: string, ifNoneMatch?: string | null): Promise<MediaResponse | null> {
  const request = parseMediaRequest(hash, name);
  if (!request) return { status: 404 };
  const decision = await accessDecision(hash);
  if (!decision.assetId) return { status: 404 };
  if (!isPublicRequest(request, decision)) return null;
  // A public image's file is resolved once per process (no query per request, not even for a 304).
  let file: MediaFile | null | undefined = cachedMediaFile(hash, name);
  if (!file) {
    file = await resolveMediaFile(request);
    if (file) rememberMediaFile(hash, name, file);
  }
  return respond(request, file, PUBLIC_CACHE_CONTROL, ifNoneMatch);
}

/** The same for a signed-in desk user: any variant or crop of any image. */
export async function serveDeskMedia(hash: string, name: string, ifNoneMatch?: string | null): Promise<MediaResponse> {
  const request = parseMediaRequest(hash, name);
  if (!request) return { status: 404 };
  return respond(request, await resolveMediaFile(request), PRIVATE_CACHE_CONTROL, ifNoneMatch);
}
