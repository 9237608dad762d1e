import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PHOTOS_MAX, STANDFIRST_MAX } from "@/lib/articles/edit-schema";
import { parsed } from "@/lib/actions/test-support";
import { articleEditSchema, getArticleForEditing, saveArticle } from "@/lib/articles";
import type { Actor } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { importDocuments } from "@/lib/importer";
import { publishArticle as publishParsed, publishSchema } from "@/lib/publishing";

// Issue 8, defect 2: a file with 601 captions imported, and then no save could succeed (422). One
// set of limits now holds for import, save and publish: what imports can be saved and published.

const root = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-limits-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

// What the save route and the publish action do: parse with their schemas, then call lib.
const save = parsed(articleEditSchema, saveArticle);
const publishArticle = parsed(publishSchema, publishParsed);

let editor: Actor;
beforeAll(async () => {
  const user = await createUser({ email: `limits-${randomUUID()}@test.example`, name: "Limits Editor", role: "editor", password: "a long enough password" });
  editor = { id: user.id, email: user.email, name: user.name, role: "editor" };
});

function writeDoc(firstLine: string, paragraphs: string[], captionCount: number) {
  const captions = Array.from({ length: captionCount }, (_, i) => `Swimmers compete in heat ${i + 1}. - AP/Martin Meissner`);
  const text = [` date 2024-09-01 ${firstLine}`, ...paragraphs, "Here are some of the best pictures from the event.", captions.join("\n")].join("\n\n") + "\n";
  const file = path.join(root, `${randomUUID()}.txt`);
  fs.writeFileSync(file, text);
  return file;
}

const standfirst = (length: number) => `Rescue teams worked through the night ${randomUUID()} ${"and the day ".repeat(60)}`.slice(0, length - 1) + ".";

/** What the editor sends when someone fixes one caption and saves. */
async function saveWithOneCaptionFixed(articleId: string) {
  const article = await getArticleForEditing(articleId);
  return save(
    {
      articleId,
      expectedVersion: article.version,
      headline: article.headline,
      standfirst: article.standfirst,
      body: article.body,
      photos: article.photos.map((photo, index) => ({
        id: photo.id,
        caption: index === 0 ? { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Fixed caption." }] }] } : photo.caption,
        alt: photo.alt,
        creditId: photo.credit?.id ?? null,
      })),
    },
    editor,
  );
}

describe("content limits across import, save and publish", () => {
  it("an article imported at the limits can be saved and published", async () => {
    const file = writeDoc(standfirst(STANDFIRST_MAX), ["The heats went on all day."], PHOTOS_MAX);
    const summary = await importDocuments([file]);
    expect(summary.results[0].error).toBeUndefined();
    expect(summary).toMatchObject({ created: 1, photos: PHOTOS_MAX });
    const articleId = summary.results[0].articleId!;
    expect((await db.article.findUniqueOrThrow({ where: { id: articleId } })).standfirst).toHaveLength(STANDFIRST_MAX);

    const saved = await saveWithOneCaptionFixed(articleId);
    expect(saved).toMatchObject({ changed: true, version: 2 });
    const published = await publishArticle({ articleId, expectedVersion: 2 }, editor);
    expect(published.version).toBe(2);
  });

  it("refuses a file over a limit with file:line and writes nothing for it", async () => {
    const tooMany = writeDoc("Too many pictures", ["The heats went on all day."], PHOTOS_MAX + 1);
    const tooLong = writeDoc(standfirst(STANDFIRST_MAX + 1), ["Text."], 2);
    const before = await db.article.count();
    const summary = await importDocuments([tooMany, tooLong]);
    expect(summary).toMatchObject({ created: 0, failed: 2 });
    // Date line, blank, paragraph, blank, introduction, blank: the captions start on line 7.
    expect(summary.results[0].error).toBe(`${tooMany}:${7 + PHOTOS_MAX}: ${PHOTOS_MAX + 1} photos; an article holds at most ${PHOTOS_MAX}`);
    expect(summary.results[1].error).toBe(
      `${tooLong}:1: the first line reads as a standfirst, and the standfirst is ${STANDFIRST_MAX + 1} characters long; at most ${STANDFIRST_MAX} are allowed`,
    );
    expect(await db.article.count()).toBe(before);
  });

  it("publish refuses a version over the limits (content stored before they held)", async () => {
    const file = writeDoc("A story from before the limits", ["Text."], 2);
    const { articleId } = (await importDocuments([file])).results[0];
    const revision = await db.revision.findFirstOrThrow({ where: { articleId } });
    const snapshot = revision.snapshot as { standfirst: string };
    await db.revision.update({ where: { id: revision.id }, data: { snapshot: { ...snapshot, standfirst: "x".repeat(STANDFIRST_MAX + 1) } } });

    const refused = await publishArticle({ articleId: articleId!, expectedVersion: 1 }, editor).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fieldErrors.standfirst).toEqual([`Keep the standfirst under ${STANDFIRST_MAX} characters.`]);
    expect((await db.article.findUniqueOrThrow({ where: { id: articleId } })).status).toBe("draft");
  });
});
