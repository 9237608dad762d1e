import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { parsed } from "@/lib/actions/test-support";
import { articleEditSchema, getArticleForEditing, saveArticle as saveParsed } from "@/lib/articles";
import { catchError, createTestArticle, createTestUser, editInputOf, uniqueName } from "@/lib/articles/test-support/fixtures";
import { db, disconnectDatabase } from "@/lib/db";
import { captionFromText } from "@/lib/editor";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { publishArticle } from "@/lib/publishing";
import { createLocalStorage } from "./storage";
import { ingestImage, publicImageUse, setMediaStorage } from "./index";
import {
  MEDIA_PAGE_SIZE,
  getMediaImage,
  listMediaLibrary,
  listPickerImages as listPickerParsed,
  mediaLibraryQuerySchema,
  pickLibraryImage as pickParsed,
  pickLibraryImageSchema,
  replaceImage as replaceParsed,
  replaceImageSchema,
  reuseImage as reuseParsed,
  reuseImageSchema,
} from "./library";
import { testJpeg, type ImageFields } from "./test-support/images";

// Saved as the desk sends it: through the save action's schema.
const saveArticle = parsed(articleEditSchema, saveParsed);

const reuseImage = parsed(reuseImageSchema, reuseParsed);
const replaceImage = parsed(replaceImageSchema, replaceParsed);
const pickLibraryImage = parsed(pickLibraryImageSchema, pickParsed);
const listPickerImages = parsed(mediaLibraryQuerySchema, listPickerParsed);

const invalidated = vi.hoisted(() => [] as Array<{ slugs?: string[]; all?: boolean }>);
vi.mock("@/lib/site/invalidate", () => ({
  invalidateReaderContent: async (change: { slugs?: string[] }) => {
    invalidated.push(change);
  },
}));

let root = "";
let reporter: Awaited<ReturnType<typeof createTestUser>>;
let editor: Awaited<ReturnType<typeof createTestUser>>;

async function upload(fields: ImageFields = {}) {
  return ingestImage({ data: await testJpeg(fields), originalName: "library.jpg" }, reporter);
}

/** An article whose first photo shows `imageId`, saved (and published when asked). */
async function articleShowing(imageId: string, options: { publish?: boolean } = {}) {
  const article = await createTestArticle({ photos: [{ caption: "A photo" }] });
  const edit = await editInputOf(article.id);
  edit.photos[0] = { ...edit.photos[0], imageId, alt: "Something" };
  const { version } = await saveArticle(edit, reporter);
  if (options.publish) await publishArticle({ articleId: article.id, expectedVersion: version }, editor);
  return article;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "copydesk-library-int-"));
  setMediaStorage(createLocalStorage(root));
  reporter = await createTestUser("reporter");
  editor = await createTestUser("editor");
});
beforeEach(() => {
  invalidated.length = 0;
});
afterAll(async () => {
  setMediaStorage(undefined);
  await rm(root, { recursive: true, force: true });
  await disconnectDatabase();
});

describe("listMediaLibrary", () => {
  it("finds images by a caption word, the creator, and the credit's photographer or agency", async () => {
    const word = uniqueName();
    const photographer = `Ines ${uniqueName()}`;
    const byCaption = await upload({ caption: `Firefighters at the ${word} warehouse` });
    const byCreator = await upload({ caption: "Street scene", creator: `Paul ${word}` });
    const byCredit = await upload({ caption: "A harbour", creator: photographer, creditLine: "Reuters" });
    await upload({ caption: "Unrelated picture" });

    const found = await listMediaLibrary({ q: word });
    expect(found.images.map((image) => image.id).sort()).toEqual([byCaption.id, byCreator.id].sort());
    expect(found.total).toBe(2);

    const viaCredit = await listMediaLibrary({ q: photographer });
    expect(viaCredit.images.map((image) => image.id)).toEqual([byCredit.id]);
    expect(viaCredit.images[0]).toMatchObject({ caption: "A harbour", creator: photographer, credit: { label: `Reuters/${photographer}` } });
    // Accents and case do not matter.
    expect((await listMediaLibrary({ q: photographer.toUpperCase().replace("I", "Í") })).images.map((image) => image.id)).toEqual([byCredit.id]);
  });

  it("pages by keyset, newest first, without repeating or skipping an image", async () => {
    const word = uniqueName();
    const ids: string[] = [];
    for (let index = 0; index < MEDIA_PAGE_SIZE + 3; index++) ids.push((await upload({ caption: `Page test ${word} ${index}` })).id);

    const first = await listMediaLibrary({ q: word });
    expect(first.total).toBe(MEDIA_PAGE_SIZE + 3);
    expect(first.images).toHaveLength(MEDIA_PAGE_SIZE);
    expect(first.previous).toBeNull();
    const second = await listMediaLibrary({ q: word, after: first.next! });
    expect(second.images).toHaveLength(3);
    expect(second.next).toBeNull();
    expect([...first.images, ...second.images].map((image) => image.id)).toEqual([...ids].reverse());
    const back = await listMediaLibrary({ q: word, before: second.previous! });
    expect(back.images.map((image) => image.id)).toEqual(first.images.map((image) => image.id));

    const broken = await catchError(listMediaLibrary({ after: "not-a-cursor" }));
    expect(broken).toBeInstanceOf(ValidationError);
  });

  it("says which articles use an image and which of them are published", async () => {
    const image = await upload({ caption: `Used ${uniqueName()}` });
    const published = await articleShowing(image.id, { publish: true });
    const draft = await articleShowing(image.id);

    const [listed] = (await listMediaLibrary({ q: image.metadata.caption! })).images;
    expect(listed).toMatchObject({ id: image.id, photoCount: 2, articleCount: 2, publishedCount: 1 });
    expect(listed.articles).toEqual([
      { id: published.id, headline: published.headline, status: "published" },
      { id: draft.id, headline: draft.headline, status: "draft" },
    ]);
    const detail = await getMediaImage(image.id);
    expect(detail.articles.map((article) => article.id)).toEqual([published.id, draft.id]);
  });
});

describe("reuseImage", () => {
  it("adds the image to another article as a new photo with its caption and credit, as a revision", async () => {
    const photographer = `Kai ${uniqueName()}`;
    const image = await upload({ caption: "Rescue workers search the rubble", creator: photographer, creditLine: "AP" });
    expect(image.credit?.label).toBe(`AP/${photographer}`);
    const article = await createTestArticle({ photos: [{ caption: "Existing" }] });

    const result = await reuseImage({ assetId: image.id, articleId: article.id }, reporter);
    const after = await getArticleForEditing(article.id);
    expect(after.version).toBe(result.version);
    expect(after.photos).toHaveLength(2);
    expect(after.photos[1]).toMatchObject({
      id: result.photoId,
      alt: null,
      caption: captionFromText("Rescue workers search the rubble"),
      credit: { id: image.credit!.id, label: `AP/${photographer}` },
      image: { id: image.id },
      focal: { x: 50, y: 50 },
    });
    const revision = await db.revision.findUniqueOrThrow({ where: { articleId_version: { articleId: article.id, version: result.version } } });
    expect(revision).toMatchObject({ kind: "save", authorId: reporter.id });
  });
});

describe("the editor's library picker", () => {
  it("pages and searches the library like /desk/media, a page at a time, and says where each image is used", async () => {
    const word = uniqueName().replace(/[^a-z]/gi, "");
    const photographer = `Ola ${uniqueName()}`;
    const image = await upload({ caption: `Lanterns over the ${word} river`, creator: photographer, creditLine: "Reuters" });
    await articleShowing(image.id);

    const found = await listPickerImages({ q: word }, reporter);
    expect(found.images.map((item) => item.id)).toEqual([image.id]);
    expect(found.images[0]).toMatchObject({ caption: `Lanterns over the ${word} river`, credit: `Reuters/${photographer}`, articleCount: 1, hash: image.hash });
    expect(await listPickerImages({ q: photographer }, reporter)).toMatchObject({ total: 1 });

    for (let count = 0; count <= MEDIA_PAGE_SIZE; count += 1) await upload();
    const first = await listPickerImages({}, reporter);
    expect(first.images).toHaveLength(MEDIA_PAGE_SIZE);
    expect(first.next).not.toBeNull();
    const second = await listPickerImages({ after: first.next }, reporter);
    expect(second.images.map((item) => item.id)).not.toContain(first.images[0].id);
    expect(second.previous).not.toBeNull();
  });

  it("gives the picked image with its caption and credit; an unknown image is 404, a malformed id 422", async () => {
    const photographer = `Rui ${uniqueName()}`;
    const image = await upload({ caption: "Divers at the harbour wall", creator: photographer, creditLine: "AFP" });
    const picked = await pickLibraryImage({ assetId: image.id }, reporter);
    expect(picked).toMatchObject({
      image: { id: image.id, hash: image.hash, width: 400, height: 300 },
      caption: "Divers at the harbour wall",
      credit: { id: image.credit!.id, agency: "AFP", photographer, label: `AFP/${photographer}` },
    });
    expect(picked.image.variants.length).toBeGreaterThan(0);
    // Picking only reads: no article changes behind the editor's back.
    expect(await db.photo.count({ where: { imageId: image.id } })).toBe(0);

    const missing = await catchError(pickLibraryImage({ assetId: "no-such-image" }, reporter));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).status).toBe(404);
    for (const assetId of ["../etc/passwd", "", 42]) {
      const refused = await catchError(pickLibraryImage({ assetId }, reporter));
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).fieldErrors.assetId).toBeDefined();
    }
    expect(await catchError(pickLibraryImage({ assetId: image.id, articleId: "x" }, reporter))).toBeInstanceOf(ValidationError);
  });
});

describe("replaceImage", () => {
  it("replaces the image in every article; a published one is republished as the chosen kind with its note", async () => {
    const photographer = `Replacement ${uniqueName()}`;
    const old = await upload({ caption: "Wrong picture" });
    const replacement = await upload({ caption: "Right picture", creator: photographer, creditLine: "AFP" });
    const live = await articleShowing(old.id, { publish: true });
    const draft = await articleShowing(old.id);
    // Published, but with an edit readers have not seen yet: only its draft changes.
    const pending = await articleShowing(old.id, { publish: true });
    const pendingEdit = await editInputOf(pending.id);
    pendingEdit.headline = `${pendingEdit.headline} (edited)`;
    await saveArticle(pendingEdit, reporter);
    invalidated.length = 0;

    const refused = await catchError(replaceImage({ assetId: old.id, replacementId: replacement.id }, editor));
    expect((refused as ValidationError).fieldErrors.kind).toBeDefined();

    const note = "An earlier version showed a picture of another fire.";
    const result = await replaceImage({ assetId: old.id, replacementId: replacement.id, kind: "correction", note }, editor);
    const outcomes = Object.fromEntries(result.replaced.map((entry) => [entry.articleId, entry.outcome]));
    expect(outcomes).toEqual({ [live.id]: "published", [draft.id]: "draft", [pending.id]: "draft" });

    for (const article of [live, draft, pending]) {
      const photos = await db.photo.findMany({ where: { articleId: article.id } });
      expect(photos.map((photo) => [photo.imageId, photo.creditId])).toEqual([[replacement.id, replacement.credit!.id]]);
    }
    const republished = await db.article.findUniqueOrThrow({ where: { id: live.id }, include: { corrections: true } });
    expect((republished.publishedSnapshot as { photos: Array<{ imageId?: string; credit: string }> }).photos[0]).toMatchObject({ imageId: replacement.id, credit: `AFP/${photographer}` });
    expect(republished.corrections.map((correction) => correction.note)).toEqual([note]);
    expect(invalidated).toEqual([{ slugs: [live.slug] }]);
    // Readers can fetch the new image through the article; the pending article still shows the old one.
    expect(await publicImageUse(replacement.id)).not.toBeNull();
    const stillOld = await db.article.findUniqueOrThrow({ where: { id: pending.id } });
    expect((stillOld.publishedSnapshot as { photos: Array<{ imageId?: string }> }).photos[0].imageId).toBe(old.id);
    expect((await getMediaImage(old.id)).articleCount).toBe(0);
  });

  it("refuses a replacement that does not exist or is the same image", async () => {
    const image = await upload();
    expect(((await catchError(replaceImage({ assetId: image.id, replacementId: image.id }, editor))) as ValidationError).fieldErrors.replacementId).toBeDefined();
    expect(((await catchError(replaceImage({ assetId: image.id, replacementId: "missing" }, editor))) as ValidationError).fieldErrors.replacementId).toBeDefined();
  });
});
