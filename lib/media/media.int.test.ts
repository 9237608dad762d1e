import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parsed } from "@/lib/actions/test-support";
import { articleEditSchema, saveArticle as saveParsed } from "@/lib/articles";
import { catchError, createTestArticle, createTestUser, editInputOf } from "@/lib/articles/test-support/fixtures";
import { db, disconnectDatabase } from "@/lib/db";
import { captionFromText } from "@/lib/editor";
import { ValidationError } from "@/lib/errors";
import { publishArticle, unpublishArticle } from "@/lib/publishing";
import { stopJobQueue } from "@/lib/scheduling";
import { runDueSchedules, scheduleArticle } from "@/lib/scheduling/schedule";
import { loadPublishedArticle } from "@/lib/site/queries";
import { createLocalStorage, type MediaStorage } from "./storage";
import { ingestImage, publicImageUse, servePublicMedia, setMediaStorage } from "./index";
import { readRevisionSnapshot } from "@/lib/articles/revision-store";

// Saved as the desk sends it: through the save action's schema.
const saveArticle = parsed(articleEditSchema, saveParsed);

let root = "";
let reporter: Awaited<ReturnType<typeof createTestUser>>;
let editor: Awaited<ReturnType<typeof createTestUser>>;
const FIXTURE = path.join(import.meta.dirname, "fixtures/iptc-wire-photo.jpg");

async function filesUnder(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
  } catch {
    return [];
  }
}

/** A unique real JPEG (a random colour), so every test stores a new image. */
async function uniqueJpeg(width = 1000, height = 600): Promise<Buffer> {
  const colour = { r: Math.floor(Math.random() * 255), g: Math.floor(Math.random() * 255), b: Math.floor(Math.random() * 255) };
  return sharp({ create: { width, height, channels: 3, background: colour } }).jpeg().toBuffer();
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "copydesk-media-int-"));
  reporter = await createTestUser("reporter");
  editor = await createTestUser("editor");
});
beforeEach(() => setMediaStorage(createLocalStorage(root)));
afterAll(async () => {
  setMediaStorage(undefined);
  await rm(root, { recursive: true, force: true });
  await stopJobQueue();
  await disconnectDatabase();
});

describe("ingestImage", () => {
  it("stores the original and every variant, and the asset row with what the file says", async () => {
    const data = await readFile(FIXTURE);
    await db.mediaAsset.deleteMany({ where: { originalName: "wire.jpg" } });
    const image = await ingestImage({ data, originalName: "wire.jpg" }, reporter);
    expect(image).toMatchObject({ width: 640, height: 427, existing: false, credit: { label: "AP/Martin Meissner" } });
    expect(image.metadata.caption).toBe("Firefighters tackle a blaze at a warehouse in Dortmund, Germany, on Saturday.");
    expect(image.variants.map((variant) => `${variant.width}.${variant.format}`).sort()).toEqual(["320.jpeg", "320.webp", "640.jpeg", "640.webp"]);
    const stored = await db.mediaAsset.findUniqueOrThrow({ where: { id: image.id } });
    expect(stored).toMatchObject({ hash: image.hash, creator: "Martin Meissner", copyright: "Copyright 2026 The Associated Press", uploadedById: reporter.id });
    expect((await filesUnder(path.join(root, "variants", image.hash))).sort()).toEqual(["320.jpg", "320.webp", "640.jpg", "640.webp"]);
    expect(await readFile(path.join(root, "originals", image.hash))).toEqual(data);

    // The same file again: nothing new is stored.
    const again = await ingestImage({ data, originalName: "copy.jpg" }, reporter);
    expect(again).toMatchObject({ id: image.id, existing: true });
    expect(await db.mediaAsset.count({ where: { hash: image.hash } })).toBe(1);
  });


  it("refuses a renamed text file and stores nothing", async () => {
    const before = { files: (await filesUnder(root)).length, rows: await db.mediaAsset.count() };
    const error = await catchError(ingestImage({ data: Buffer.from("This is a text file renamed to photo.jpg\n".repeat(20)), originalName: "photo.jpg" }, reporter));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.file).toEqual(["This file is not an image we can use. Upload a JPEG, PNG, WebP or AVIF image."]);
    expect({ files: (await filesUnder(root)).length, rows: await db.mediaAsset.count() }).toEqual(before);
  });

  it("removes what it wrote when storage fails half way", async () => {
    const local = createLocalStorage(root);
    let puts = 0;
    const failing: MediaStorage = { ...local, put: async (key, data, type) => { if (++puts === 4) throw new Error("disk full"); await local.put(key, data, type); } };
    setMediaStorage(failing);
    const data = await uniqueJpeg(1400, 900);
    const before = { files: (await filesUnder(root)).length, rows: await db.mediaAsset.count() };
    await expect(ingestImage({ data, originalName: "big.jpg" }, reporter)).rejects.toThrow("disk full");
    expect({ files: (await filesUnder(root)).length, rows: await db.mediaAsset.count() }).toEqual(before);
  });
});

describe("photos with images in an article", () => {
  it("adds, reorders and removes photos, with images and focal points, as one revision", async () => {
    const article = await createTestArticle({ photos: [{ caption: "First" }, { caption: "Second" }, { caption: "Third" }] });
    const image = await ingestImage({ data: await uniqueJpeg(), originalName: "new.jpg" }, reporter);
    const edit = await editInputOf(article.id);
    const [first, second, third] = edit.photos;
    const added = { id: randomUUID(), caption: captionFromText("A new picture"), alt: "Firefighters at a warehouse", creditId: first.creditId, imageId: image.id, focal: { x: 30, y: 70 } };
    edit.photos = [added, third, { ...first, imageId: image.id, focal: { x: 10, y: 20 } }];
    void second;
    const result = await saveArticle(edit, reporter);
    expect(result.changed).toBe(true);
    expect(result.summary).toContain("photo order");

    const photos = await db.photo.findMany({ where: { articleId: article.id }, orderBy: { position: "asc" } });
    expect(photos.map((photo) => [photo.id, photo.position, photo.imageId, photo.focalX, photo.focalY])).toEqual([
      [added.id, 0, image.id, 30, 70],
      [third.id, 1, null, null, null],
      [first.id, 2, image.id, 10, 20],
    ]);
    const snapshotPhotos = (await readRevisionSnapshot(db, article.id, result.version))!.photos as unknown as Array<Record<string, unknown>>;
    expect(snapshotPhotos[0]).toMatchObject({ id: added.id, imageId: image.id, focal: { x: 30, y: 70 } });
    // A caption card keeps exactly the keys it had before images existed.
    expect(Object.keys(snapshotPhotos[1]).sort()).toEqual(["alt", "caption", "credit", "creditId", "id", "imageUrl", "position"]);
  });

  it("refuses an image id that does not exist and a new photo id that is another article's", async () => {
    const article = await createTestArticle({ photos: [{ caption: "Only" }] });
    const other = await createTestArticle({ photos: [{ caption: "Theirs" }] });
    const edit = await editInputOf(article.id);
    edit.photos[0] = { ...edit.photos[0], imageId: "no-such-image" };
    const error = await catchError(saveArticle(edit, reporter));
    expect((error as ValidationError).fieldErrors["photos.0.imageId"]).toEqual(["This image no longer exists. Upload it again."]);
    const hijack = await editInputOf(article.id);
    hijack.photos.push({ id: other.photos[0].id, caption: captionFromText("x"), alt: null, creditId: null });
    expect(((await catchError(saveArticle(hijack, reporter))) as ValidationError).fieldErrors["photos.1.id"]).toBeDefined();
    expect(await db.photo.count({ where: { articleId: other.id } })).toBe(1);
  });

  it("refuses to publish a photo with an image but no credit", async () => {
    const article = await createTestArticle({ photos: [{ caption: "Uncredited", credit: null }, { caption: "Credited" }] });
    const image = await ingestImage({ data: await uniqueJpeg(), originalName: "x.jpg" }, reporter);
    const edit = await editInputOf(article.id);
    edit.photos[0] = { ...edit.photos[0], imageId: image.id, creditId: null };
    const { version } = await saveArticle(edit, reporter);
    const error = await catchError(publishArticle({ articleId: article.id, expectedVersion: version }, editor));
    expect((error as ValidationError).message).toBe("Photo 1 has an image but no credit. Add the credit before publishing.");
  });
});

describe("who may fetch an image", () => {
  it("serves a draft's image to nobody, a published one to readers, and stops when unpublished", async () => {
    const article = await createTestArticle({ photos: [{ caption: "Fire" }] });
    const image = await ingestImage({ data: await uniqueJpeg(1300, 700), originalName: "fire.jpg" }, reporter);
    const edit = await editInputOf(article.id);
    edit.photos[0] = { ...edit.photos[0], imageId: image.id, focal: { x: 25, y: 75 }, alt: "A fire" };
    const { version } = await saveArticle(edit, reporter);

    expect(await publicImageUse(image.id)).toBeNull();
    expect(await servePublicMedia(image.hash, "640.webp")).toBeNull();

    await publishArticle({ articleId: article.id, expectedVersion: version }, editor);
    expect(await publicImageUse(image.id)).toEqual({ focalPoints: [{ x: 50, y: 50 }, { x: 25, y: 75 }] });
    const served = await servePublicMedia(image.hash, "640.webp");
    expect(served).toMatchObject({ status: 200, headers: { "cache-control": "public, max-age=31536000, immutable", "content-type": "image/webp" } });
    if (served?.status !== 200) throw new Error("not served");
    served.body.destroy();
    const etag = served.headers.etag;
    expect(await servePublicMedia(image.hash, "640.webp", etag)).toMatchObject({ status: 304 });
    // The social card at the published focal point is made on demand; another focal point is not.
    expect(await servePublicMedia(image.hash, "og-25-75-1200.jpg")).toMatchObject({ status: 200 });
    expect(await servePublicMedia(image.hash, "og-1-2-1200.jpg")).toBeNull();
    expect(await servePublicMedia(image.hash, "1600.webp")).toMatchObject({ status: 404 });

    const reader = await loadPublishedArticle(article.slug);
    expect(reader?.photos[0]).toMatchObject({ alt: "A fire", image: { hash: image.hash, width: 1300, height: 700, focal: { x: 25, y: 75 } } });

    await unpublishArticle({ articleId: article.id }, editor);
    expect(await servePublicMedia(image.hash, "640.webp")).toBeNull();
  });

  it("serves an embargoed story's images to nobody until its scheduled time, then to readers", async () => {
    const article = await createTestArticle({ photos: [{ caption: "Embargoed" }] });
    const image = await ingestImage({ data: await uniqueJpeg(1200, 800), originalName: "embargo.jpg" }, reporter);
    const edit = await editInputOf(article.id);
    edit.photos[0] = { ...edit.photos[0], imageId: image.id, focal: { x: 40, y: 60 } };
    await saveArticle(edit, reporter);
    const now = new Date();
    const runAt = new Date(now.getTime() + 3_600_000);
    await scheduleArticle({ articleId: article.id, action: "publish", at: runAt.toISOString() }, editor, { now });

    const unreachable = async () => {
      expect(await publicImageUse(image.id)).toBeNull();
      for (const name of ["640.webp", "640.jpg", "og-40-60-1200.jpg", "16x9-40-60-640.webp"]) expect(await servePublicMedia(image.hash, name), name).toBeNull();
    };
    await unreachable();
    await runDueSchedules({ now: new Date(runAt.getTime() - 1000) });
    await unreachable();
    await runDueSchedules({ now: new Date(runAt.getTime() + 1000) });
    const served = await servePublicMedia(image.hash, "640.webp");
    expect(served).toMatchObject({ status: 200 });
    if (served?.status === 200) served.body.destroy();
    expect(await servePublicMedia(image.hash, "og-40-60-1200.jpg")).toMatchObject({ status: 200 });
  });

  it("keeps a new image of a published story's scheduled update unreachable until the update runs", async () => {
    const article = await createTestArticle({ photos: [{ caption: "Before" }], status: "published" });
    const image = await ingestImage({ data: await uniqueJpeg(900, 600), originalName: "update.jpg" }, reporter);
    const edit = await editInputOf(article.id);
    edit.photos[0] = { ...edit.photos[0], imageId: image.id };
    await saveArticle(edit, reporter);
    const now = new Date();
    const runAt = new Date(now.getTime() + 3_600_000);
    await scheduleArticle({ articleId: article.id, action: "publish", at: runAt.toISOString(), kind: "update" }, editor, { now });
    expect(await servePublicMedia(image.hash, "640.webp")).toBeNull();
    await runDueSchedules({ now: new Date(runAt.getTime() + 1000) });
    expect(await servePublicMedia(image.hash, "640.webp")).toMatchObject({ status: 200 });
  });
});
