import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsed } from "@/lib/actions/test-support";
import { articleEditSchema, getArticleForEditing, saveArticle as saveParsed } from "@/lib/articles";
import { createUser } from "@/lib/auth/users";
import type { Actor } from "@/lib/auth/access";
import type { RoleName } from "@/lib/auth/roles";
import { db, disconnectDatabase } from "@/lib/db";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { importDocuments } from "@/lib/importer";
import { readRevisionSnapshot } from "@/lib/articles/revision-store";
import { buildSnapshot } from "@/lib/articles/snapshot";
import {
  diffSincePublished,
  getPublishState,
  publishArticle as publishParsed,
  publishSchema,
  unpublishArticle as unpublishParsed,
  unpublishSchema,
} from "@/lib/publishing";

// The mutations behind their actions' parse; who may publish is the action's (lib/actions/action.int.test.ts).
const saveArticle = parsed(articleEditSchema, saveParsed);
const publishArticle = parsed(publishSchema, publishParsed);
const unpublishArticle = parsed(unpublishSchema, unpublishParsed);

const suffix = () => randomUUID().slice(0, 8);
let workDir: string;

async function makeUser(role: RoleName, disabled = false) {
  const user = await createUser({
    email: `${role}-${suffix()}@publishing.test`,
    name: `${role} ${suffix()}`,
    role,
    password: "a-long-test-password",
  });
  if (disabled) await db.user.update({ where: { id: user.id }, data: { disabled: true } });
  return { id: user.id, email: user.email, name: user.name, role };
}

/** Imports a wire document written to a temp file, the way articles reach the desk. */
async function importArticle(headline: string, paragraphs: string[], captions: string[] = []) {
  const file = path.join(workDir, `publishing-${suffix()}.txt`);
  const text = [` date 2024-08-11 ${headline}`, "", headline, "", paragraphs.join("\n\n"), "", captions.join("\n"), ""].join("\n");
  await fs.writeFile(file, text);
  const summary = await importDocuments([file]);
  const result = summary.results[0];
  expect(result?.status, result?.error).toBe("created");
  return { id: result.articleId!, slug: result.slug! };
}

/** Saves the article with every occurrence of `from` replaced by `to` in body and captions. */
async function editText(articleId: string, from: string, to: string, actor: Actor) {
  const article = await getArticleForEditing(articleId);
  const replace = <T>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll(from, to)) as T;
  const result = await saveArticle(
    {
      articleId,
      expectedVersion: article.version,
      headline: article.headline,
      standfirst: article.standfirst,
      body: replace(article.body),
      photos: article.photos.map((photo) => ({
        id: photo.id,
        caption: replace(photo.caption),
        alt: photo.alt,
        creditId: photo.credit?.id ?? null,
      })),
    },
    actor,
  );
  expect(result.changed).toBe(true);
  return result.version;
}

const readerArticle = (slug: string) =>
  db.article.findFirst({ where: { slug, status: "published" }, select: { publishedSnapshot: true } });

let editor: Awaited<ReturnType<typeof makeUser>>;
let reporter: Awaited<ReturnType<typeof makeUser>>;
let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), "copydesk-publishing-"));
  [editor, reporter, admin] = await Promise.all([makeUser("editor"), makeUser("reporter"), makeUser("admin")]);
});

afterAll(async () => {
  await fs.rm(workDir, { recursive: true, force: true });
  await disconnectDatabase();
});

describe("publishArticle", () => {
  it("first publication makes the current revision what readers see", async () => {
    const { id, slug } = await importArticle(`Band plays stadium ${suffix()}`, ["Phonenix played to 70,000 people."]);
    expect(await readerArticle(slug)).toBeNull();

    const result = await publishArticle({ articleId: id, expectedVersion: 1 }, editor);
    expect(result).toMatchObject({ kind: "first", version: 1, correctionId: null });

    const article = await db.article.findUniqueOrThrow({ where: { id } });
    const revision = await db.revision.findUniqueOrThrow({ where: { articleId_version: { articleId: id, version: 1 } } });
    expect(article.status).toBe("published");
    expect(article.publishedSnapshot).toEqual(revision.snapshot);
    expect(article.firstPublishedAt).not.toBeNull();
    expect(article.publicUpdatedAt).toBeNull();
    const publication = await db.publication.findUniqueOrThrow({ where: { id: result.publicationId } });
    expect(publication).toMatchObject({ kind: "first", revisionId: revision.id, publishedById: editor.id });
    const audit = await db.auditEvent.findFirst({ where: { action: "article.publish", targetId: id } });
    expect(audit?.actorId).toBe(editor.id);

    const state = await getPublishState(id);
    expect(state).toMatchObject({ status: "published", publishedVersion: 1, currentVersion: 1, hasUnpublishedChanges: false, needsKind: true });
    expect(state.lastPublication).toMatchObject({ kind: "first", by: editor.name });
  });

  it("refuses a kind on a first publication", async () => {
    const { id } = await importArticle(`Never seen ${suffix()}`, ["Some text for readers."]);
    await expect(publishArticle({ articleId: id, expectedVersion: 1, kind: "update" }, editor)).rejects.toMatchObject({
      status: 422,
      fieldErrors: { kind: [expect.stringContaining("never been published")] },
    });
    expect((await db.article.findUniqueOrThrow({ where: { id } })).status).toBe("draft");
  });

  it("keeps later edits in the draft until someone publishes again", async () => {
    const { id, slug } = await importArticle(`Draft stays draft ${suffix()}`, ["Phonenix headlined the night."]);
    await publishArticle({ articleId: id, expectedVersion: 1 }, editor);
    const published = (await readerArticle(slug))!.publishedSnapshot;

    const version = await editText(id, "Phonenix", "Phoenix", reporter);
    expect(version).toBe(2);
    expect((await readerArticle(slug))!.publishedSnapshot).toEqual(published);
    expect(JSON.stringify(published)).toContain("Phonenix");

    const state = await getPublishState(id);
    expect(state).toMatchObject({ publishedVersion: 1, currentVersion: 2, hasUnpublishedChanges: true });
    const diff = await diffSincePublished(id);
    expect(diff.fromVersion).toBe(1);
    expect(diff.toVersion).toBe(2);
    expect(diff.changes.map((change) => change.label)).toEqual(["Body"]);
    expect(diff.changes[0].segments).toEqual(
      expect.arrayContaining([
        { op: "delete", text: "Phonenix" },
        { op: "insert", text: "Phoenix" },
      ]),
    );
  });

  it("publishes a correction with its note, linked to the revision it describes", async () => {
    const { id, slug } = await importArticle(
      `Closing ceremony ${suffix()}`,
      ["The event featured Phonenix and AIR."],
      [
        "Tom Cruise is lowered on the State de France during the ceremony, Sunday, Aug. 11, 2024 - AP/Natacha Pisarenko",
        "Athletes gather during the closing ceremony at the Stade de France, Sunday, Aug. 11, 2024 - AP/Martin Meissner",
      ],
    );
    await publishArticle({ articleId: id, expectedVersion: 1 }, editor);
    await editText(id, "Phonenix", "Phoenix", editor);
    const version = await editText(id, "State de France", "Stade de France", editor);

    // Readers have seen it: the kind is required, and a correction needs its note.
    await expect(publishArticle({ articleId: id, expectedVersion: version }, editor)).rejects.toMatchObject({
      status: 422,
      fieldErrors: { kind: [expect.any(String)] },
    });
    await expect(publishArticle({ articleId: id, expectedVersion: version, kind: "correction" }, editor)).rejects.toMatchObject({
      status: 422,
      fieldErrors: { note: [expect.any(String)] },
    });
    await expect(
      publishArticle({ articleId: id, expectedVersion: version, kind: "correction", note: "Too short" }, editor),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await db.correction.count({ where: { articleId: id } })).toBe(0);

    const diff = await diffSincePublished(id);
    expect(diff.changes.map((change) => change.label)).toEqual(["Body", "Caption 1"]);

    const note = "An earlier version of this article misspelled the name of the band Phoenix.";
    const result = await publishArticle({ articleId: id, expectedVersion: version, kind: "correction", note: `  ${note} ` }, editor);
    expect(result.kind).toBe("correction");

    const correction = await db.correction.findUniqueOrThrow({ where: { id: result.correctionId! }, include: { revision: true } });
    expect(correction).toMatchObject({ note, kind: "correction", publicationId: result.publicationId, articleId: id });
    expect(correction.revision.version).toBe(version);
    const article = await db.article.findUniqueOrThrow({ where: { id } });
    expect(article.publicUpdatedAt).not.toBeNull();
    expect(article.publicUpdatedAt!.getTime()).toBeGreaterThan(article.firstPublishedAt!.getTime());
    const snapshot = JSON.stringify((await readerArticle(slug))!.publishedSnapshot);
    expect(snapshot).toContain("Phoenix and AIR");
    expect(snapshot).toContain("Stade de France");
    expect(snapshot).not.toContain("Phonenix");
    expect(await db.auditEvent.count({ where: { action: "article.correction", targetId: id } })).toBe(1);

    const state = await getPublishState(id);
    expect(state.corrections).toEqual([
      { id: correction.id, kind: "correction", note, createdAt: correction.createdAt.toISOString(), version },
    ]);
    expect((await diffSincePublished(id)).changes).toEqual([]);
  });

  it("a silent fix changes the text but announces nothing", async () => {
    const { id, slug } = await importArticle(`Silent fix ${suffix()}`, ["A smal typo here."]);
    await publishArticle({ articleId: id, expectedVersion: 1 }, editor);
    const version = await editText(id, "smal", "small", editor);
    await expect(
      publishArticle({ articleId: id, expectedVersion: version, kind: "silent", note: "Fixed a small typo in the text." }, editor),
    ).rejects.toMatchObject({ fieldErrors: { note: [expect.any(String)] } });

    await publishArticle({ articleId: id, expectedVersion: version, kind: "silent" }, admin);
    const article = await db.article.findUniqueOrThrow({ where: { id } });
    expect(article.publicUpdatedAt).toBeNull();
    expect(JSON.stringify((await readerArticle(slug))!.publishedSnapshot)).toContain("A small typo");
    expect(await db.correction.count({ where: { articleId: id } })).toBe(0);
  });

  it("an update sets the public update time without a note", async () => {
    const { id } = await importArticle(`Update ${suffix()}`, ["Three people were hurt."]);
    await publishArticle({ articleId: id, expectedVersion: 1 }, editor);
    const version = await editText(id, "Three", "Four", editor);
    await publishArticle({ articleId: id, expectedVersion: version, kind: "update" }, editor);
    const article = await db.article.findUniqueOrThrow({ where: { id } });
    expect(article.publicUpdatedAt).not.toBeNull();
    expect(await db.correction.count({ where: { articleId: id } })).toBe(0);
  });

  it("refuses a stale expectedVersion with a conflict naming who saved", async () => {
    const { id, slug } = await importArticle(`Stale ${suffix()}`, ["Original words."]);
    const version = await editText(id, "Original", "Newer", reporter);
    const error = await publishArticle({ articleId: id, expectedVersion: 1 }, editor).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).details).toMatchObject({ currentVersion: version, changedBy: { name: reporter.name } });
    expect(await readerArticle(slug)).toBeNull();
    expect(await db.publication.count({ where: { articleId: id } })).toBe(0);
  });

  it("refuses malformed input and unknown articles", async () => {
    const { id } = await importArticle(`Malformed ${suffix()}`, ["Some words."]);
    for (const input of [
      {},
      { articleId: id },
      { articleId: id, expectedVersion: "1" },
      { articleId: id, expectedVersion: 1.5 },
      { articleId: id, expectedVersion: 1, kind: "retraction" },
      { articleId: id, expectedVersion: 1, extra: "column" },
      { articleId: "", expectedVersion: 1 },
    ]) {
      await expect(publishArticle(input as never, editor), JSON.stringify(input)).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(unpublishArticle({} as never, editor)).rejects.toBeInstanceOf(ValidationError);
    await expect(publishArticle({ articleId: "no-such-article", expectedVersion: 1 }, editor)).rejects.toBeInstanceOf(NotFoundError);
    await expect(unpublishArticle({ articleId: "no-such-article" }, editor)).rejects.toBeInstanceOf(NotFoundError);
    expect(await db.publication.count({ where: { articleId: id } })).toBe(0);
  });

  it("refuses to publish when nothing changed since the last publication", async () => {
    const { id } = await importArticle(`Nothing changed ${suffix()}`, ["Same words."]);
    await publishArticle({ articleId: id, expectedVersion: 1 }, editor);
    await expect(publishArticle({ articleId: id, expectedVersion: 1, kind: "silent" }, editor)).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("Nothing has changed"),
    });
    expect(await db.publication.count({ where: { articleId: id } })).toBe(1);
  });

  it("publishes a saved version (kept as pieces) whole, and refuses it again until the text or the status changes", async () => {
    const { id, slug } = await importArticle(`Saved then published ${suffix()}`, ["Phonenix played the harbour."], ["Phonenix on stage."]);
    const version = await editText(id, "Phonenix", "Phoenix", reporter);
    const revision = await db.revision.findUniqueOrThrow({ where: { articleId_version: { articleId: id, version } }, select: { snapshot: true, pieces: true } });
    expect(revision.snapshot).toBeNull();
    expect(revision.pieces).not.toBeNull();

    await publishArticle({ articleId: id, expectedVersion: version }, editor);
    const shown = (await readerArticle(slug))!.publishedSnapshot;
    expect(shown).toEqual(await readRevisionSnapshot(db, id, version));
    expect(shown).toEqual(buildSnapshot(await db.article.findUniqueOrThrow({ where: { id }, include: { photos: { include: { credit: true } } } })));
    expect(JSON.stringify(shown)).toContain("Phoenix on stage.");
    expect(await getPublishState(id)).toMatchObject({ hasUnpublishedChanges: false });

    await expect(publishArticle({ articleId: id, expectedVersion: version, kind: "silent" }, editor)).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("Nothing has changed"),
    });
    // Taken down, the same text goes back up.
    await unpublishArticle({ articleId: id }, editor);
    await publishArticle({ articleId: id, expectedVersion: version, kind: "silent" }, editor);
    expect(await db.publication.count({ where: { articleId: id } })).toBe(2);
  });

  it("lets only one of two simultaneous publications of the same version through", async () => {
    const { id } = await importArticle(`Race ${suffix()}`, ["Racing words."]);
    await publishArticle({ articleId: id, expectedVersion: 1 }, editor);
    const version = await editText(id, "Racing", "Raced", editor);
    const outcomes = await Promise.allSettled([
      publishArticle({ articleId: id, expectedVersion: version, kind: "silent" }, editor),
      publishArticle({ articleId: id, expectedVersion: version, kind: "update" }, admin),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ValidationError);
    expect(await db.publication.count({ where: { articleId: id } })).toBe(2);
  });
});

describe("unpublishArticle", () => {
  it("takes the article away from readers and keeps its history", async () => {
    const { id, slug } = await importArticle(`Unpublish ${suffix()}`, ["Phonenix again."]);
    await publishArticle({ articleId: id, expectedVersion: 1 }, editor);
    const version = await editText(id, "Phonenix", "Phoenix", editor);
    await publishArticle(
      { articleId: id, expectedVersion: version, kind: "clarification", note: "We clarified which band played the show." },
      editor,
    );

    await unpublishArticle({ articleId: id }, editor);
    expect(await readerArticle(slug)).toBeNull();
    const article = await db.article.findUniqueOrThrow({ where: { id } });
    expect(article.status).toBe("unpublished");
    expect(article.publishedSnapshot).not.toBeNull();
    expect(await db.correction.count({ where: { articleId: id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "article.unpublish", targetId: id } })).toBe(1);
    await expect(unpublishArticle({ articleId: id }, editor)).rejects.toBeInstanceOf(ConflictError);

    // Putting it back needs no edit, but it is a publication readers have seen before.
    await expect(publishArticle({ articleId: id, expectedVersion: version }, editor)).rejects.toBeInstanceOf(ValidationError);
    await publishArticle({ articleId: id, expectedVersion: version, kind: "silent" }, editor);
    expect(await readerArticle(slug)).not.toBeNull();
    expect((await getPublishState(id)).corrections).toHaveLength(1);
  });

  it("refuses a draft that was never published", async () => {
    const { id } = await importArticle(`Never published ${suffix()}`, ["Words."]);
    await expect(unpublishArticle({ articleId: id }, editor)).rejects.toBeInstanceOf(ConflictError);
    expect((await db.article.findUniqueOrThrow({ where: { id } })).status).toBe("draft");
  });
});
