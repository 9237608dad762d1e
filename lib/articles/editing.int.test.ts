import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDatabase } from "@/lib/db";
import { captionFromText, docFromBlocks, replaceTextInDoc, type CaptionDoc } from "@/lib/editor";
import { ConflictError, ValidationError } from "@/lib/errors";
import {
  compareRevisions,
  getArticleForEditing,
  listRevisions,
  restoreRevision as restoreParsed,
  restoreRevisionSchema,
  saveArticle as saveParsed,
  articleEditSchema,
  type SaveConflict,
} from "@/lib/articles";
import { articleRowInclude, loadArticleRow } from "./editing";
import { buildSnapshot, StoredSnapshotError } from "./snapshot";
import { readRevisionSnapshot } from "./revision-store";
import { writeFileSync } from "node:fs";
import { importDocuments } from "@/lib/importer";
import { parsed } from "@/lib/actions/test-support";
import { countStatements } from "@/lib/db/test-support/statements";
import { archiveSelect, storedFields } from "@/lib/factcheck/archive";
import { houseDictionaryEntries } from "@/lib/factcheck/archive-contribution";
import { archiveContributionOf } from "@/lib/factcheck/fact-checker";
import { HouseDictionary } from "@/lib/factcheck/house-dictionary";
import { loadSpeller } from "@/lib/factcheck/resources";
import { catchError, createTestArticle, createTestUser, editInputOf, uniqueName, wireDocument } from "./test-support/fixtures";

const saveArticle = parsed(articleEditSchema, saveParsed);
const restoreRevision = parsed(restoreRevisionSchema, restoreParsed);

let alice: Awaited<ReturnType<typeof createTestUser>>;
let bob: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  alice = await createTestUser("reporter", "Alice Reporter");
  bob = await createTestUser("editor", "Bob Editor");
});
afterAll(() => disconnectDatabase());

const storedState = async (articleId: string) => ({
  article: await db.article.findUniqueOrThrow({ where: { id: articleId }, include: { photos: { orderBy: { position: "asc" } } } }),
  revisions: await db.revision.count({ where: { articleId } }),
});

describe("saveArticle", () => {
  it("moves the fact-check's archive when what it reads changes, and leaves it (and the checkers' caches) alone for an alt text", async () => {
    const article = await createTestArticle({ photos: [{ caption: "Boats at dawn." }, { caption: "Nets on the quay." }] });
    // What the check workers' caches are told (lib/factcheck/archive-store.ts): the terms moved.
    const generation = async () => (await db.$queryRaw<Array<{ n: string }>>`SELECT count(*)::text AS n FROM "ArchiveChange"`)[0].n;
    const row = () => db.archiveArticle.findUniqueOrThrow({ where: { articleId: article.id } });
    const [startRow, startGeneration] = [await row(), await generation()];

    const altOnly = await editInputOf(article.id);
    altOnly.photos![1] = { ...altOnly.photos![1], alt: "Fishing nets piled on the quay" };
    const { result: saved, statements } = await countStatements(() => saveArticle(altOnly, alice));
    expect(saved.changed).toBe(true);
    // Not even read again: nothing the archive reads changed.
    expect(statements.filter((sql) => sql.includes('"ArchiveArticle"'))).toEqual([]);
    expect(await generation()).toBe(startGeneration);
    expect(await row()).toEqual(startRow);

    const word = `Q${Math.random().toString(36).slice(2, 10).replace(/\d/g, "x")}`;
    const captionEdit = await editInputOf(article.id);
    captionEdit.photos![1] = { ...captionEdit.photos![1], caption: captionFromText(`${word} mends the nets.`) };
    expect((await saveArticle(captionEdit, alice)).changed).toBe(true);
    expect(await generation()).not.toBe(startGeneration);
    const [logged] = await db.$queryRaw<Array<{ terms: string[]; articles: string[] }>>`SELECT terms, articles FROM "ArchiveChange" ORDER BY xid DESC LIMIT 1`;
    expect(logged).toMatchObject({ articles: [article.id] });
    expect(logged.terms).toContain(`0:${word}`);
    expect((await row()).capitalised).toContain(word);
  });

  it("keeps the archive exactly as analysing the article again would: a name's last caption removed, a variant added, a name made elsewhere", async () => {
    const kept = uniqueName();
    const gone = uniqueName();
    // A near variant of `kept` (one letter changed), as a typo in a caption would make it.
    const variant = `${kept.slice(0, -1)}${kept.endsWith("a") ? "e" : "a"}`;
    const article = await createTestArticle({
      paragraphs: [`${kept} opened the harbour festival.`, "Bolt Street was closed for the parade."],
      photos: [{ caption: `${gone} at the harbour.` }, { caption: "Boats at dawn." }, { caption: "Nets on the quay." }],
    });
    const speller = await loadSpeller();
    const house = new HouseDictionary(await houseDictionaryEntries(db));
    const sorted = (values: readonly string[]) => [...values].sort();
    /** The stored row against the article analysed again from nothing, and the counts of some terms. */
    const expectExact = async () => {
      const stored = await db.article.findUniqueOrThrow({ where: { id: article.id }, select: archiveSelect });
      const expected = archiveContributionOf(storedFields(stored)!, speller, house);
      const row = await db.archiveArticle.findUniqueOrThrow({ where: { articleId: article.id } });
      expect({ capitalised: sorted(row.capitalised), names: sorted(row.names), ngrams: sorted(row.ngrams), words: sorted(row.words), creditTerms: sorted(row.creditTerms) }).toEqual({
        capitalised: sorted(expected.capitalised),
        names: sorted(expected.names),
        ngrams: sorted(expected.ngrams),
        words: sorted(expected.words),
        creditTerms: sorted(expected.creditTerms),
      });
      return row;
    };
    const articles = async (term: string) => (await db.archiveTerm.findUnique({ where: { kind_term: { kind: 0, term } } }))?.articles ?? 0;
    expect((await expectExact()).capitalised).toContain(gone);
    expect(await articles(gone)).toBe(1);

    // The only caption naming `gone` no longer does: it leaves the article's row and the counts.
    const removed = await editInputOf(article.id);
    removed.photos![0] = { ...removed.photos![0], caption: captionFromText("Crowds at the harbour.") };
    expect((await saveArticle(removed, alice)).changed).toBe(true);
    expect((await expectExact()).capitalised).not.toContain(gone);
    expect(await articles(gone)).toBe(0);

    // A caption spells `kept` slightly differently: the variant is counted, with its look-up keys.
    const varied = await editInputOf(article.id);
    varied.photos![1] = { ...varied.photos![1], caption: captionFromText(`Boats and ${variant} at dawn.`) };
    const { result: variedSave, statements } = await countStatements(() => saveArticle(varied, alice));
    expect(variedSave.changed).toBe(true);
    // This process wrote the article's contribution last: it sends the difference, not the whole.
    const archiveWrites = statements.filter((sql) => /(INSERT INTO|UPDATE) "ArchiveArticle"/.test(sql));
    expect(archiveWrites).toHaveLength(1);
    expect(archiveWrites[0]).toContain("a.stamp = $2");
    expect((await expectExact()).names).toEqual(expect.arrayContaining([kept, variant]));
    expect(await articles(variant)).toBe(1);
    const keys = await db.$queryRaw<Array<{ key: string }>>`SELECT key FROM "ArchiveNameKey" WHERE form = ${variant}`;
    expect(keys.length).toBeGreaterThan(0);

    // A caption using "Bolt" as a name makes the body's sentence-initial "Bolt Street" one name:
    // the body did not change, but how it reads did.
    const bolt = await editInputOf(article.id);
    bolt.photos![2] = { ...bolt.photos![2], caption: captionFromText("Fans cheer Usain Bolt on the quay.") };
    expect((await saveArticle(bolt, alice)).changed).toBe(true);
    expect((await expectExact()).ngrams).toContain("Bolt Street");
    // And back: the caption reverted, "Bolt Street" is no longer read as a name.
    const back = await editInputOf(article.id);
    back.photos![2] = { ...back.photos![2], caption: captionFromText("Nets on the quay.") };
    expect((await saveArticle(back, alice)).changed).toBe(true);
    expect((await expectExact()).ngrams).not.toContain("Bolt Street");
  });

  it("writes only the photos that changed, of an article with hundreds, and keeps the search index in step", async () => {
    const word = `Q${Math.random().toString(36).slice(2, 10).replace(/\d/g, "x")}`;
    const article = await createTestArticle({ photos: Array.from({ length: 300 }, (_, index) => ({ caption: `Photo number ${index}` })) });
    // A row's xmin is the transaction that last wrote it: untouched rows keep theirs.
    const versions = async () =>
      new Map(
        (await db.$queryRaw<Array<{ id: string; xmin: string }>>`SELECT id, xmin::text AS xmin FROM "Photo" WHERE "articleId" = ${article.id}`).map(
          (row) => [row.id, row.xmin],
        ),
      );
    const before = await versions();
    const edit = await editInputOf(article.id);
    edit.photos![7] = { ...edit.photos![7], caption: captionFromText(`The ${word} at dawn`) };
    edit.photos![250] = { ...edit.photos![250], alt: "A new alt text" };
    const { result, statements } = await countStatements(() => saveArticle(edit, alice));
    expect(result.changed).toBe(true);
    // The article row gets its new version, not a copy of the body and headline it already has.
    const articleUpdates = statements.filter((sql) => /^UPDATE "public"\."Article"/.test(sql));
    expect(articleUpdates).toHaveLength(1);
    expect(articleUpdates[0]).toContain('"version"');
    expect(articleUpdates[0]).not.toMatch(/"(body|headline|standfirst)" =/);

    const after = await versions();
    const rewritten = [...after].filter(([id, xmin]) => before.get(id) !== xmin).map(([id]) => id);
    expect(rewritten.sort()).toEqual([article.photos[7].id, article.photos[250].id].sort());
    const stored = await getArticleForEditing(article.id);
    expect(stored.photos[7].caption).toEqual(captionFromText(`The ${word} at dawn`));
    expect(stored.photos[250].alt).toBe("A new alt text");
    const found = await db.$queryRaw<Array<{ id: string }>>`
      SELECT "articleId" AS id FROM "ArticleSearch" WHERE document @@ websearch_to_tsquery('copydesk_search', ${word})`;
    expect(found.map((row) => row.id)).toEqual([article.id]);

    // Saving the same content again writes no photo at all.
    await saveArticle(await editInputOf(article.id), alice);
    expect(await versions()).toEqual(after);
  });

  it("writes the content, bumps the version and records a revision with the full snapshot", async () => {
    const article = await createTestArticle({
      paragraphs: ["The council met on Monday.", "It voted on the budget."],
      photos: [{ caption: "Councillors vote", credit: { agency: "AP", photographer: "Ann Lee" } }, { caption: "The hall", credit: null }],
    });
    const edit = await editInputOf(article.id);
    edit.body = docFromBlocks([
      { kind: "paragraph", text: "The council met on Tuesday." },
      { kind: "paragraph", text: "It voted on the budget." },
    ]);
    edit.photos![1].caption = captionFromText("The packed council hall");

    const result = await saveArticle(edit, alice);
    expect(result).toMatchObject({ changed: true, version: 2, summary: "Edited body, caption 2" });

    const saved = await db.article.findUniqueOrThrow({
      where: { id: article.id },
      include: { photos: { include: { credit: true }, orderBy: { position: "asc" } } },
    });
    expect(saved.version).toBe(2);
    expect(saved.lastEditorId).toBe(alice.id);
    expect(saved.photos[1].caption).toEqual(captionFromText("The packed council hall"));

    const revision = await db.revision.findUniqueOrThrow({ where: { articleId_version: { articleId: article.id, version: 2 } } });
    expect(revision).toMatchObject({ kind: "save", authorId: alice.id, summary: "Edited body, caption 2" });
    const snapshot = await readRevisionSnapshot(db, article.id, 2);
    expect(snapshot).toEqual(buildSnapshot(saved));
    expect(snapshot).toMatchObject({ photos: [{ credit: "AP/Ann Lee" }, { credit: null }] });

    const audit = await db.auditEvent.findFirst({ where: { action: "article.save", targetId: article.id } });
    expect(audit).toMatchObject({ actorId: alice.id, details: { fromVersion: 1, version: 2 } });
  });

  it("keeps a save's revision as pieces shared with the article's other revisions: one changed caption adds one piece, and every version reads whole", async () => {
    const article = await createTestArticle({ photos: [{ caption: "Boats at dawn." }, { caption: "Nets on the quay." }, { caption: "Gulls overhead." }] });
    const pieces = () => db.revisionPiece.count({ where: { articleId: article.id } });
    const form = async (version: number) => {
      const row = await db.revision.findUniqueOrThrow({ where: { articleId_version: { articleId: article.id, version } }, select: { snapshot: true, pieces: true } });
      return row.snapshot !== null ? "whole" : row.pieces !== null ? "pieces" : "none";
    };
    const saveCaption = async (index: number, text: string) => {
      const edit = await editInputOf(article.id);
      edit.photos![index] = { ...edit.photos![index], caption: captionFromText(text) };
      expect((await saveArticle(edit, alice)).changed).toBe(true);
      return db.article.findUniqueOrThrow({ where: { id: article.id }, include: { photos: { include: { credit: true } } } });
    };
    const imported = buildSnapshot(await db.article.findUniqueOrThrow({ where: { id: article.id }, include: { photos: { include: { credit: true } } } }));

    const second = buildSnapshot(await saveCaption(1, "Nets drying on the quay."));
    // The first save stores the body and every photo once.
    expect(await pieces()).toBe(1 + 3);
    const third = buildSnapshot(await saveCaption(2, "Gulls over the harbour."));
    expect(await pieces()).toBe(1 + 3 + 1);
    expect([await form(1), await form(2), await form(3)]).toEqual(["whole", "pieces", "pieces"]);

    // The imported version (a whole snapshot, as every revision written before pieces) and the saved ones read alike.
    expect(await readRevisionSnapshot(db, article.id, 1)).toEqual(imported);
    expect(await readRevisionSnapshot(db, article.id, 2)).toEqual(second);
    expect(await readRevisionSnapshot(db, article.id, 3)).toEqual(third);
    const comparison = await compareRevisions(article.id, 1, 3);
    expect(comparison.changes.map((change) => change.label)).toEqual(["Caption 2", "Caption 3"]);

    // Restoring the imported version stores the one piece no save had (caption 2 as imported;
    // version 2 still had caption 3's); the rest it shares.
    expect((await restoreRevision({ articleId: article.id, version: 1, expectedVersion: 3 }, alice)).changed).toBe(true);
    expect(await pieces()).toBe(1 + 3 + 1 + 1);
    expect(await readRevisionSnapshot(db, article.id, 4)).toEqual(imported);
  });

  it("reports a saved revision whose piece is missing as damaged data", async () => {
    const article = await createTestArticle({ photos: [{ caption: "Boats at dawn." }] });
    const edit = await editInputOf(article.id);
    edit.photos![0] = { ...edit.photos![0], caption: captionFromText("Boats at noon.") };
    await saveArticle(edit, alice);
    const { pieces } = await db.revision.findUniqueOrThrow({ where: { articleId_version: { articleId: article.id, version: 2 } }, select: { pieces: true } });
    await db.revisionPiece.delete({ where: { articleId_hash: { articleId: article.id, hash: (pieces as { photos: string[] }).photos[0] } } });
    await expect(compareRevisions(article.id, 1, 2)).rejects.toBeInstanceOf(StoredSnapshotError);
  });

  it("makes no revision when nothing changed", async () => {
    const article = await createTestArticle({ photos: [{ caption: "A photo" }] });
    const result = await saveArticle(await editInputOf(article.id), alice);
    expect(result).toMatchObject({ changed: false, version: 1 });
    const { article: stored, revisions } = await storedState(article.id);
    expect(stored.version).toBe(1);
    expect(revisions).toBe(1);
  });

  it("refuses a save from a stale version, saying who changed it and when, and writes nothing", async () => {
    const article = await createTestArticle({ photos: [{ caption: "A photo" }] });
    const aliceStart = await editInputOf(article.id);
    await saveArticle(await editInputOf(article.id, { headline: "Bob's headline" }), bob);
    const before = await storedState(article.id);

    const error = await catchError(saveArticle({ ...aliceStart, headline: "Alice's headline", standfirst: "Hers" }, alice));
    expect(error).toBeInstanceOf(ConflictError);
    const details = (error as ConflictError).details as SaveConflict;
    expect(details.currentVersion).toBe(2);
    expect(details.changedBy).toEqual({ name: "Bob Editor" });
    expect(Math.abs(Date.parse(details.changedAt) - Date.now())).toBeLessThan(60_000);
    expect(details.current.headline).toBe("Bob's headline");
    // Credits come as objects: the conflict view names and offers them without parsing a label.
    const credit = article.photos[0].credit!;
    expect(details.current.photos[0].credit).toEqual({
      id: credit.id,
      agency: credit.agency,
      photographer: credit.photographer,
      label: `${credit.agency}/${credit.photographer}`,
    });
    expect((error as ConflictError).message).toContain("Bob Editor");

    expect(await storedState(article.id)).toEqual(before);
  });

  it("names the importer when a re-import made the newer version", async () => {
    const article = await createTestArticle({ paragraphs: ["Wire copy, first take."] });
    const start = await editInputOf(article.id);
    writeFileSync(article.documentPath, wireDocument(article.headline, ["Wire copy, second take."], []));
    expect((await importDocuments([article.documentPath])).results[0].status).toBe("updated");

    const error = await catchError(saveArticle({ ...start, headline: "Desk headline" }, alice));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).details).toMatchObject({ currentVersion: 2, changedBy: { name: "The importer" } });
    expect((await getArticleForEditing(article.id)).headline).toBe(article.headline);
  });

  it("lets exactly one of two simultaneous saves from the same version win", async () => {
    const article = await createTestArticle();
    const start = await editInputOf(article.id);
    const results = await Promise.allSettled([
      saveArticle({ ...start, headline: "First writer" }, alice),
      saveArticle({ ...start, headline: "Second writer" }, bob),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((result) => result.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    const { article: stored, revisions } = await storedState(article.id);
    expect(stored.version).toBe(2);
    expect(revisions).toBe(2);
  });

  it("overwrites deliberately when the save names the newer version", async () => {
    const article = await createTestArticle();
    await saveArticle(await editInputOf(article.id, { headline: "Theirs" }), bob);
    const result = await saveArticle(await editInputOf(article.id, { headline: "Mine, on purpose" }), alice);
    expect(result).toMatchObject({ changed: true, version: 3 });
    expect((await getArticleForEditing(article.id)).headline).toBe("Mine, on purpose");
  });

  it("refuses a photo id that belongs to another article", async () => {
    const article = await createTestArticle({ photos: [{ caption: "Ours" }] });
    const other = await createTestArticle({ photos: [{ caption: "Theirs" }] });
    const before = await storedState(other.id);
    const edit = await editInputOf(article.id);
    edit.photos![0] = { ...edit.photos![0], id: other.photos[0].id, caption: captionFromText("Hijacked") };

    const error = await catchError(saveArticle(edit, alice));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors["photos.0.id"]).toEqual(["This photo does not belong to this article."]);
    expect(await storedState(other.id)).toEqual(before);
    expect((await storedState(article.id)).revisions).toBe(1);
  });

  it("refuses a credit id that does not exist", async () => {
    const article = await createTestArticle({ photos: [{ caption: "Ours" }] });
    const edit = await editInputOf(article.id);
    edit.photos![0] = { ...edit.photos![0], creditId: "no-such-credit" };
    const error = await catchError(saveArticle(edit, alice));
    expect((error as ValidationError).fieldErrors["photos.0.creditId"]).toBeDefined();
  });

  it("refuses a javascript: link in the body with a field error, and stores nothing", async () => {
    const article = await createTestArticle();
    const body = {
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "click", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }],
    };
    const error = await catchError(saveArticle(await editInputOf(article.id, { body: body as never }), alice));
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fieldErrors).some((key) => key.startsWith("body"))).toBe(true);
    expect((await storedState(article.id)).revisions).toBe(1);
  });
});

describe("loadArticleRow", () => {
  it("reads what Prisma's include reads: every column but the published snapshot, the last editor, section, tags and bylines", async () => {
    const plain = await createTestArticle();
    const full = await createTestArticle();
    await saveArticle(await editInputOf(full.id, { headline: `Edited ${uniqueName()}` }), alice);
    const name = uniqueName();
    const section = await db.section.create({ data: { slug: `s-${name}`.toLowerCase(), name: `Section ${name}` } });
    const [first, second] = await Promise.all([0, 1].map((index) => db.tag.create({ data: { slug: `t${index}-${name}`.toLowerCase(), name: `Tag ${index} ${name}` } })));
    const [ann, ben] = await Promise.all(["Ann", "Ben"].map((who) => db.contributor.create({ data: { slug: `${who}-${name}`.toLowerCase(), displayName: `${who} ${name}` } })));
    await db.article.update({
      where: { id: full.id },
      data: {
        sectionId: section.id,
        assignedEditorId: bob.id,
        tags: { create: [{ tagId: first.id, position: 1 }, { tagId: second.id, position: 0 }] },
        bylines: { create: [{ contributorId: ben.id, position: 1 }, { contributorId: ann.id, position: 0 }] },
      },
    });
    for (const id of [plain.id, full.id]) {
      const viaPrisma = await db.article.findUniqueOrThrow({ where: { id }, omit: { publishedSnapshot: true }, include: articleRowInclude });
      const byPosition = <T extends { position: number }>(rows: T[]) => [...rows].sort((a, b) => a.position - b.position);
      expect(await loadArticleRow(db, id)).toEqual({ ...viaPrisma, tags: byPosition(viaPrisma.tags), bylines: byPosition(viaPrisma.bylines) });
    }
    const loaded = await loadArticleRow(db, full.id);
    expect([loaded?.lastEditor?.name, loaded?.section?.name, loaded?.tags.map((tag) => tag.tag.name), loaded?.bylines.map((byline) => byline.contributor.displayName)]).toEqual([
      alice.name,
      section.name,
      [second.name, first.name],
      [ann.displayName, ben.displayName],
    ]);
    expect(await loadArticleRow(db, "no-such-article")).toBeNull();
  });
});

describe("revisions", () => {
  it("lists revisions newest first and compares two as word diffs of body and caption", async () => {
    const article = await createTestArticle({
      paragraphs: ["Rain is expected on Friday."],
      photos: [{ caption: "Clouds over the harbour" }, { caption: "An umbrella" }],
    });
    const before = await getArticleForEditing(article.id);
    const rain = replaceTextInDoc(before.body, "Rain", "Heavy rain", { all: false }).doc;
    const edit = await editInputOf(article.id, { body: replaceTextInDoc(rain, "Friday", "Saturday", { all: false }).doc });
    edit.photos![0].caption = captionFromText("Clouds gather over the harbour");
    await saveArticle(edit, bob);

    const revisions = await listRevisions(article.id);
    expect(revisions.map((revision) => [revision.version, revision.kind, revision.authorName])).toEqual([
      [2, "save", "Bob Editor"],
      [1, "import", null],
    ]);

    const comparison = await compareRevisions(article.id, 1, 2);
    expect(comparison.changes.map((change) => change.label)).toEqual(["Body", "Caption 1"]);
    const [body, caption] = comparison.changes;
    const ops = (change: typeof body) => change.segments.filter((s) => s.op !== "equal").map((s) => `${s.op}:${s.text.trim()}`);
    expect(ops(body)).toEqual(["delete:Rain", "insert:Heavy rain", "delete:Friday", "insert:Saturday"]);
    // The segments spell both texts exactly, so the view can show old and new side by side.
    expect(body.before).toBe("Rain is expected on Friday.\n\nHere are some pictures.");
    expect(body.segments.filter((s) => s.op !== "insert").map((s) => s.text).join("")).toBe(body.before);
    expect(body.segments.filter((s) => s.op !== "delete").map((s) => s.text).join("")).toBe("Heavy rain is expected on Saturday.\n\nHere are some pictures.");
    expect(ops(caption)).toEqual(["insert:gather"]);
    expect(caption.photoId).toBe(article.photos[0].id);
  });

  it("restores an old revision as a new revision, keeping the latest in history", async () => {
    const article = await createTestArticle({ headline: "Original headline", photos: [{ caption: "Original caption" }] });
    const edit = await editInputOf(article.id, { headline: "Changed headline" });
    edit.photos![0].caption = captionFromText("Changed caption");
    await saveArticle(edit, bob);

    const result = await restoreRevision({ articleId: article.id, version: 1, expectedVersion: 2 }, alice);
    expect(result).toMatchObject({ changed: true, version: 3 });
    expect(result.summary).toBe("Restored version 1 (headline, caption 1)");

    const current = await getArticleForEditing(article.id);
    expect(current.headline).toBe("Original headline");
    expect(current.photos[0].caption as CaptionDoc).toEqual(captionFromText("Original caption"));
    const revisions = await listRevisions(article.id);
    expect(revisions.map((revision) => [revision.version, revision.kind])).toEqual([
      [3, "restore"],
      [2, "save"],
      [1, "import"],
    ]);
    // Version 2 is still there to compare with (and restore again).
    expect((await compareRevisions(article.id, 3, 2)).changes.map((change) => change.label)).toEqual(["Headline", "Caption 1"]);
  });

  it("refuses a restore from a stale version", async () => {
    const article = await createTestArticle();
    await saveArticle(await editInputOf(article.id, { headline: "v2" }), bob);
    const error = await catchError(restoreRevision({ articleId: article.id, version: 1, expectedVersion: 1 }, alice));
    expect(error).toBeInstanceOf(ConflictError);
    expect((await getArticleForEditing(article.id)).headline).toBe("v2");
  });
});
