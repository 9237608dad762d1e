import "server-only";
import { createHash } from "node:crypto";
import { recordAudit } from "@/lib/audit";
import { formatCredit } from "@/lib/articles/credit";
import type { EditableCredit } from "@/lib/articles/edit-schema";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { mediaConfig } from "./config";
import { IMAGE_MIME, type ImageRef, type StoredVariant, type VariantFormat, variantName, type MediaRequest } from "./formats";
import { creditFromMetadata, readEmbeddedMetadata, type EmbeddedMetadata } from "./metadata";
import { makeCrop, makeVariants } from "./process";
import { createWorkQueue, type WorkQueue } from "./queue";
import { createLocalStorage, mediaDataDir, type MediaStorage } from "./storage";
import { createS3Storage } from "./s3-storage";

/** Who is uploading: the signed-in desk user (the route checked the role). */
export interface MediaActor {
  id: string;
}

/** What the desk gets back from an upload: the image and what its file says, for prefilling. */
export interface UploadedImage {
  id: string;
  hash: string;
  width: number;
  height: number;
  variants: StoredVariant[];
  originalName: string;
  metadata: EmbeddedMetadata;
  /** The credit the file names, matched to (or added as) a Credit. */
  credit: EditableCredit | null;
  /** True when the same file was uploaded before: nothing new was stored. */
  existing: boolean;
}

const holder = globalThis as unknown as { copydeskMediaStorage?: MediaStorage; copydeskMediaQueue?: WorkQueue };

/** Media storage from the environment: S3 when MEDIA_S3_BUCKET is set, else files under COPYDESK_DATA_DIR/media. */
export function mediaStorage(): MediaStorage {
  if (!holder.copydeskMediaStorage) {
    const env = process.env;
    holder.copydeskMediaStorage = env.MEDIA_S3_BUCKET
      ? createS3Storage({
          bucket: env.MEDIA_S3_BUCKET,
          endpoint: env.MEDIA_S3_ENDPOINT || undefined,
          region: env.MEDIA_S3_REGION || undefined,
          accessKeyId: env.MEDIA_S3_ACCESS_KEY_ID || undefined,
          secretAccessKey: env.MEDIA_S3_SECRET_ACCESS_KEY || undefined,
          prefix: env.MEDIA_S3_PREFIX || undefined,
        })
      : createLocalStorage(mediaDataDir());
  }
  return holder.copydeskMediaStorage;
}

/** For tests: use this storage from now on. */
export function setMediaStorage(storage: MediaStorage | undefined): void {
  holder.copydeskMediaStorage = storage;
}

/** The one queue all image work of this process goes through. */
export function mediaQueue(): WorkQueue {
  holder.copydeskMediaQueue ??= createWorkQueue(mediaConfig());
  return holder.copydeskMediaQueue;
}

export const originalKey = (hash: string) => `originals/${hash}`;
export const variantKey = (hash: string, name: string) => `variants/${hash}/${name}`;
export const cropKey = (hash: string, name: string) => `crops/${hash}/${name}`;

const VARIANT_MIME: Record<VariantFormat, string> = { webp: "image/webp", jpeg: "image/jpeg" };

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "P2002";
}

type AssetRow = Prisma.MediaAssetGetPayload<{ include: { credit: true } }>;

function uploadedImage(asset: AssetRow, existing: boolean): UploadedImage {
  return {
    id: asset.id,
    hash: asset.hash,
    width: asset.width,
    height: asset.height,
    variants: asset.variants as unknown as StoredVariant[],
    originalName: asset.originalName,
    metadata: asset.metadata as unknown as EmbeddedMetadata,
    credit: asset.credit
      ? { id: asset.credit.id, agency: asset.credit.agency, photographer: asset.credit.photographer, label: formatCredit(asset.credit) }
      : null,
    existing,
  };
}

/** The Credit a file names: an existing one of the same agency and photographer (any case), else a new one. */
async function creditFor(tx: Prisma.TransactionClient, metadata: EmbeddedMetadata): Promise<string | null> {
  const named = creditFromMetadata(metadata);
  if (!named) return null;
  const existing = await tx.credit.findFirst({
    where: {
      agency: { equals: named.agency, mode: "insensitive" },
      photographer: { equals: named.photographer, mode: "insensitive" },
    },
    select: { id: true },
  });
  if (existing) return existing.id;
  const created = await tx.credit.upsert({
    where: { agency_photographer: named },
    create: named,
    update: {},
    select: { id: true },
  });
  return created.id;
}

/**
 * Stores an uploaded image: checks it is a real JPEG, PNG, WebP or AVIF within the pixel limit,
 * makes every variant, writes the original and the variants to media storage, then the
 * MediaAsset row. If anything fails, what was written is removed again and the error (a 422 for
 * a bad file) propagates. The same file uploaded twice is stored once.
 */
export async function ingestImage(input: { data: Buffer; originalName: string }, actor: MediaActor): Promise<UploadedImage> {
  const hash = createHash("sha256").update(input.data).digest("hex");
  const known = await db.mediaAsset.findUnique({ where: { hash }, include: { credit: true } });
  if (known) return uploadedImage(known, true);

  const { maxPixels } = mediaConfig();
  const { processed, metadata } = await mediaQueue().run(async () => ({
    processed: await makeVariants(input.data, maxPixels),
    metadata: await readEmbeddedMetadata(input.data),
  }));

  const storage = mediaStorage();
  const written: string[] = [];
  const put = async (key: string, data: Buffer, type: string) => {
    written.push(key);
    await storage.put(key, data, type);
  };
  try {
    await put(originalKey(hash), input.data, IMAGE_MIME[processed.format]);
    // Wait for every write to settle before judging: a cleanup must not race a write still under way.
    const writes = await Promise.allSettled(
      processed.variants.map((variant) => put(variantKey(hash, variantName(variant.width, variant.format)), variant.data, VARIANT_MIME[variant.format])),
    );
    const failedWrite = writes.find((write) => write.status === "rejected");
    if (failedWrite) throw failedWrite.reason;
    const variants: StoredVariant[] = processed.variants.map(({ width, height, format, data }) => ({ width, height, format, bytes: data.length }));
    const asset = await db.$transaction(async (tx) => {
      const creditId = await creditFor(tx, metadata);
      const created = await tx.mediaAsset.create({
        data: {
          hash,
          format: processed.format,
          width: processed.width,
          height: processed.height,
          bytes: input.data.length,
          variants: variants as unknown as Prisma.InputJsonValue,
          originalName: input.originalName.slice(0, 255),
          metadata: metadata as unknown as Prisma.InputJsonValue,
          caption: metadata.caption ?? "",
          creator: metadata.creator,
          copyright: metadata.copyright,
          creditId,
          uploadedById: actor.id,
        },
        include: { credit: true },
      });
      await recordAudit(tx, { actorId: actor.id, action: "media.upload", targetType: "media", targetId: created.id, details: { hash, bytes: input.data.length } });
      return created;
    });
    return uploadedImage(asset, false);
  } catch (error) {
    if (isUniqueViolation(error)) {
      // The same file finished uploading in another request meanwhile: its keys are ours too.
      const winner = await db.mediaAsset.findUnique({ where: { hash }, include: { credit: true } });
      if (winner) return uploadedImage(winner, true);
    }
    await Promise.allSettled(written.map((key) => storage.delete(key)));
    throw error;
  }
}

/** The image facts reader pages need, by asset id (one query for any number of photos). */
export async function imageRefs(ids: readonly string[]): Promise<Map<string, ImageRef & { creator: string | null; copyright: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.mediaAsset.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, hash: true, width: true, height: true, variants: true, creator: true, copyright: true },
  });
  return new Map(
    rows.map((row) => [
      row.id,
      { hash: row.hash, width: row.width, height: row.height, variants: row.variants as unknown as StoredVariant[], creator: row.creator, copyright: row.copyright },
    ]),
  );
}

export interface MediaFile {
  key: string;
  contentType: string;
  assetId: string;
}

/**
 * The stored file a media URL names, making a crop on first request (through the work queue).
 * Null when the URL names nothing we have or would make. Access is checked by the caller.
 */
export async function resolveMediaFile(request: MediaRequest): Promise<MediaFile | null> {
  const asset = await db.mediaAsset.findUnique({ where: { hash: request.hash }, select: { id: true, variants: true, width: true } });
  if (!asset) return null;
  const contentType = VARIANT_MIME[request.format];
  if (request.kind === "variant") {
    const variants = asset.variants as unknown as StoredVariant[];
    if (!variants.some((variant) => variant.width === request.width && variant.format === request.format)) return null;
    return { key: variantKey(request.hash, request.name), contentType, assetId: asset.id };
  }
  const key = cropKey(request.hash, request.name);
  const storage = mediaStorage();
  if (!(await storage.exists(key))) {
    const original = await storage.read(originalKey(request.hash));
    if (!original) return null;
    const { maxPixels } = mediaConfig();
    const crop = await mediaQueue().run(() => makeCrop(original, request.crop, request.focal, request.width, request.format, maxPixels));
    await storage.put(key, crop.data, contentType);
  }
  return { key, contentType, assetId: asset.id };
}

/** The original file of an asset (desk only). */
export async function originalFile(assetId: string): Promise<MediaFile | null> {
  const asset = await db.mediaAsset.findUnique({ where: { id: assetId }, select: { id: true, hash: true, format: true } });
  if (!asset) return null;
  return { key: originalKey(asset.hash), contentType: IMAGE_MIME[asset.format as keyof typeof IMAGE_MIME] ?? "application/octet-stream", assetId: asset.id };
}
