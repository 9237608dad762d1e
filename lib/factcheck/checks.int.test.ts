import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { parsed } from "@/lib/actions/test-support";
import { articleEditSchema, createCredit as createCreditParsed, creditInputSchema, creditUpdateSchema, saveArticle as saveParsed, updateCredit as updateCreditParsed } from "@/lib/articles";
import { createTestArticle, createTestUser, uniqueName } from "@/lib/articles/test-support/fixtures";
import { db, disconnectDatabase } from "@/lib/db";
import { captionFromText, replaceTextInDoc } from "@/lib/editor";
import { NotFoundError, ValidationError, parseInput } from "@/lib/errors";
import { articleDraftSchema, checkArticleDraft as checkParsed } from "@/lib/factcheck/checks";
import { addDictionaryVariant as addVariantParsed, addVariantSchema } from "@/lib/factcheck/dictionary";
import type { ArticleCheckResult } from "@/lib/factcheck/findings";
import { findingRefSchema, ignoreFinding as ignoreParsed, unignoreFinding as unignoreParsed } from "@/lib/factcheck/ignores";
import { closeFactcheckPool, factcheckPoolStats } from "@/lib/factcheck/pool";

// One worker, so the archive counts below are that worker's.
process.env.COPYDESK_FACTCHECK_WORKERS = "1";
const factcheckServiceStats = async () => (await factcheckPoolStats())[0];

// The mutations behind their actions' parse (the action tests cover session and role).
const saveArticle = parsed(articleEditSchema, saveParsed);
const updateCredit = parsed(creditUpdateSchema, updateCreditParsed);
const createCredit = parsed(creditInputSchema, createCreditParsed);
const addDictionaryVariant = parsed(addVariantSchema, addVariantParsed);
const ignoreFinding = parsed(findingRefSchema, ignoreParsed);
const unignoreFinding = parsed(findingRefSchema, unignoreParsed);
const checkArticleDraft = async (articleId: string, draft: unknown) => checkParsed(articleId, parseInput(articleDraftSchema, draft));

// The service against a real database: articles made by the real importer from wire documents
// of our own, names invented per run so that other tests' articles are no evidence either way.

type StoredArticle = Awaited<ReturnType<typeof createTestArticle>>;

let editor: Awaited<ReturnType<typeof createTestUser>>;
beforeAll(async () => {
  await closeFactcheckPool();
  editor = await createTestUser("editor", "Fact Checker");
});
afterAll(async () => {
  await closeFactcheckPool();
  await disconnectDatabase();
});

/** What the editor would send: the article's content as stored, or as changed by `edit`. */
function draftOf(article: StoredArticle) {
  return {
    headline: article.headline,
    standfirst: article.standfirst,
    body: article.body,
    photos: article.photos.map((photo) => ({ id: photo.id, caption: photo.caption, alt: photo.alt, creditId: photo.creditId })),
  };
}

const withText = (result: ArticleCheckResult, text: string) => result.findings.find((finding) => finding.text === text);
const mentioning = (result: ArticleCheckResult, part: string) => result.findings.filter((finding) => finding.text.includes(part));

/** A surname of our own: a capital and lower-case letters, different every run. */
const surname = () => `Vel${uniqueName().slice(1).toLowerCase()}`;

/**
 * Archive articles that spell `name` the same way four times each. Two of them: the engine wants
 * at least two sources before it calls one spelling clearly better supported than another.
 */
async function archiveArticles(name: string) {
  return [await archiveArticle(name), await archiveArticle(name)];
}

function archiveArticle(name: string) {
  return createTestArticle({
    headline: `Orchestra names ${name} as its new conductor`,
    paragraphs: [
      `The city orchestra has appointed ${name} as its principal conductor from next season.`,
      `${name}, who trained in Vienna, said the post was an honour. The board said ${name} had won over the players.`,
    ],
    photos: [{ caption: `${name} rehearses with the orchestra`, credit: { agency: "AP", photographer: "Ann Lee" } }],
  });
}

/** An article that mentions `spelling` once, in the second paragraph. */
function articleMentioning(spelling: string) {
  return createTestArticle({
    headline: `Concert season opens with a full programme ${uniqueName()}`,
    paragraphs: ["The concert season opened on Friday with a programme of new music.", `The evening ended with a symphony conducted by ${spelling}.`],
    photos: [{ caption: "The audience takes its seats", credit: { agency: "AP", photographer: "Ann Lee" } }],
  });
}

describe("checkArticleDraft", () => {
  it("flags a name that another stored article spells otherwise, at its place in the body", async () => {
    const name = surname();
    const misspelt = `${name.slice(0, -1)}${name.endsWith("o") ? "a" : "o"}`;
    await archiveArticles(`Ingrid ${name}`);
    const article = await articleMentioning(`Ingrid ${misspelt}`);

    const result = await checkArticleDraft(article.id, draftOf(article));
    const finding = withText(result, `Ingrid ${misspelt}`);
    expect(finding, JSON.stringify(result.findings, null, 2)).toMatchObject({ rule: "archive-variant", location: { fieldKey: "body", block: 1 } });
    expect(finding!.suggestion).toBe(`Ingrid ${name}`);
    expect(finding!.where).toBe("Body ¶2");
    expect(finding!.message).toMatch(/archive/);
    // The location is where the text stands in the editor's block.
    const block = "The evening ended with a symphony conducted by Ingrid " + misspelt + ".";
    expect(block.slice(finding!.location.from, finding!.location.to)).toBe(finding!.text);
  });

  it("checks the editor's unsaved text, and the article's own stored copy is no evidence", async () => {
    const name = surname();
    const article = await archiveArticle(`Henrik ${name}`);
    expect(mentioning(await checkArticleDraft(article.id, draftOf(article)), name)).toEqual([]);

    // The editor changed one of the three: the other two (in this draft) say which is right, and
    // the stored copy, still spelling it the old way three times, does not count for or against.
    const typo = `${name}n`;
    const draft = draftOf(article);
    draft.body = replaceTextInDoc(draft.body as never, `${name} had`, `${typo} had`, { all: false }).doc;
    const result = await checkArticleDraft(article.id, draft);
    expect(withText(result, `Henrik ${typo}`)).toMatchObject({ rule: "name-variant", suggestion: `Henrik ${name}` });
  });

  it("picks up articles imported meanwhile, from PostgreSQL, holding only a bounded cache", async () => {
    const name = surname();
    const misspelt = `${name}e`;
    const article = await articleMentioning(`Lotte ${misspelt}`);
    const before = await checkArticleDraft(article.id, draftOf(article));
    expect(mentioning(before, misspelt)).toEqual([]);
    const statsBefore = await factcheckServiceStats();

    await archiveArticles(`Lotte ${name}`);
    const after = await checkArticleDraft(article.id, draftOf(article));
    expect(withText(after, `Lotte ${misspelt}`)).toMatchObject({ rule: "archive-variant", suggestion: `Lotte ${name}` });
    const statsAfter = await factcheckServiceStats();
    expect(statsAfter.archiveSize).toBe(statsBefore.archiveSize + 2);
    expect(after.archiveSize).toBe(statsAfter.archiveSize);
    expect(statsAfter.cacheEntries).toBeGreaterThan(0);
    expect(statsAfter.cacheBytes).toBeLessThanOrEqual(statsAfter.cacheMaxBytes);
  });

  it("re-indexes a saved article: its new spelling is evidence for the others", async () => {
    const name = surname();
    const other = `${name}e`;
    const [first, second] = await archiveArticles(`Maren ${other}`);
    const article = await articleMentioning(`Maren ${name}`);
    expect(withText(await checkArticleDraft(article.id, draftOf(article)), `Maren ${name}`)).toMatchObject({ suggestion: `Maren ${other}` });

    // Someone corrects one archive article to the spelling this one uses: one source against one
    // is no longer clear evidence, so nothing is flagged.
    const edited = draftOf(first);
    edited.headline = edited.headline.replace(other, name);
    edited.body = replaceTextInDoc(edited.body as never, other, name, { all: true, wholeWord: true }).doc;
    edited.photos[0].caption = captionFromText(`Maren ${name} rehearses with the orchestra`);
    await saveArticle({ articleId: first.id, expectedVersion: first.version, ...edited }, editor);
    const after = await checkArticleDraft(article.id, draftOf(article));
    expect(mentioning(after, name)).toEqual([]);
    expect(second.id).not.toBe(first.id);
  });

  it("re-indexes the articles whose photo credit was renamed (the articles themselves did not change)", async () => {
    const photographer = `Quentin ${surname()}`;
    const credited = await createTestArticle({
      headline: `Ferry timetable changes ${uniqueName()}`,
      paragraphs: ["The ferry runs every hour from Monday.", "Tickets cost the same."],
      photos: [{ caption: "Passengers board the ferry", credit: { agency: "AP", photographer } }],
    });
    const surnameOf = (name: string) => name.split(" ")[1];
    const stored = () => db.archiveArticle.findUniqueOrThrow({ where: { articleId: credited.id } });
    expect((await stored()).capitalised).toContain(surnameOf(photographer));

    await updateCredit({ id: credited.photos[0].creditId!, agency: "AP", photographer: `${photographer}s` }, editor);
    const after = await stored();
    expect(after.capitalised).toContain(`${surnameOf(photographer)}s`);
    expect(after.capitalised).not.toContain(surnameOf(photographer));
  });

  it("gives a finding in a photo credit the credit's id, which the desk links to on the credits page", async () => {
    const article = await createTestArticle({ headline: `Harbour reopens ${uniqueName()}`, paragraphs: ["The harbour reopened on Monday."], photos: [{ caption: "Boats return to the harbour" }] });
    // A credit spelt in lower case: the credit-form rule's finding, in the credit field.
    const { id: creditId } = await createCredit({ agency: "AP", photographer: `ann ${surname().toLowerCase()}` }, editor);
    const draft = draftOf(article);
    const result = await checkArticleDraft(article.id, { ...draft, photos: draft.photos.map((photo) => ({ ...photo, creditId })) });
    const inCredit = result.findings.filter((finding) => finding.location.fieldKey.startsWith("credit:"));
    expect(inCredit.length).toBeGreaterThan(0);
    for (const finding of inCredit) expect(finding).toMatchObject({ creditId, where: "Credit of photo 1" });
    // Findings elsewhere carry none.
    expect(result.findings.filter((finding) => !finding.location.fieldKey.startsWith("credit:")).every((finding) => finding.creditId === undefined)).toBe(true);
  });

  it("keeps ignored findings apart, for this article only, until un-ignored", async () => {
    const name = surname();
    const misspelt = `${name}h`;
    // Four sources for the right spelling: clearly more than the two articles misspelling it.
    await archiveArticles(`Signe ${name}`);
    await archiveArticles(`Signe ${name}`);
    const article = await articleMentioning(`Signe ${misspelt}`);
    const twin = await articleMentioning(`Signe ${misspelt}`);
    const finding = withText(await checkArticleDraft(article.id, draftOf(article)), `Signe ${misspelt}`)!;
    expect(finding).toBeDefined();

    await ignoreFinding({ articleId: article.id, fingerprint: finding.fingerprint }, editor);
    await ignoreFinding({ articleId: article.id, fingerprint: finding.fingerprint }, editor); // twice is once
    const ignored = await checkArticleDraft(article.id, draftOf(article));
    expect(ignored.findings.map((f) => f.fingerprint)).not.toContain(finding.fingerprint);
    expect(ignored.ignored.map((f) => f.fingerprint)).toEqual([finding.fingerprint]);
    expect(await db.factcheckIgnore.count({ where: { articleId: article.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "factcheck.ignore", targetId: article.id } })).toBe(1);

    // The other article with the same text still shows it.
    const other = await checkArticleDraft(twin.id, draftOf(twin));
    expect(other.findings.map((f) => f.fingerprint)).toContain(finding.fingerprint);

    await unignoreFinding({ articleId: article.id, fingerprint: finding.fingerprint }, editor);
    const back = await checkArticleDraft(article.id, draftOf(article));
    expect(back.findings.map((f) => f.fingerprint)).toContain(finding.fingerprint);
    expect(back.ignored).toEqual([]);
  });

  it("flags a misspelling once it is added to the house dictionary, here or by another server", async () => {
    const place = surname();
    const article = await createTestArticle({
      headline: `Bridge reopens ${uniqueName()}`,
      paragraphs: ["The bridge reopened on Monday after repairs.", `Drivers from ${place} said the detour had added an hour to their journeys.`],
    });
    expect((await checkArticleDraft(article.id, draftOf(article))).findings.filter((f) => f.text === place)).toEqual([]);

    const canonical = `${place}by`;
    await addDictionaryVariant({ canonical, variant: place }, editor);
    const result = await checkArticleDraft(article.id, draftOf(article));
    expect(withText(result, place)).toMatchObject({ rule: "house-dictionary", suggestion: canonical, severity: "high" });

    // Written by another process (no in-process invalidation): the dictionary digest notices.
    const second = surname();
    const other = await createTestArticle({
      headline: `Ferry cancelled ${uniqueName()}`,
      paragraphs: ["The morning ferry was cancelled because of high winds.", `Passengers for ${second} were offered a bus.`],
    });
    await db.dictionaryEntry.create({ data: { canonical: `${second}sey`, variants: [second] } });
    expect(withText(await checkArticleDraft(other.id, draftOf(other)), second)).toMatchObject({ rule: "house-dictionary" });
  });

  it("refuses a malformed draft, a photo of another article and an unknown article", async () => {
    const article = await articleMentioning("Ingrid Smith");
    const other = await articleMentioning("Ingrid Smith");
    await expect(checkArticleDraft(article.id, { ...draftOf(article), body: { type: "doc", content: [{ type: "image" }] } })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(checkArticleDraft(article.id, { ...draftOf(article), headline: "x".repeat(201) })).rejects.toBeInstanceOf(ValidationError);
    const foreign = { ...draftOf(article), photos: draftOf(other).photos };
    await expect(checkArticleDraft(article.id, foreign)).rejects.toMatchObject({ fieldErrors: { "photos.0.id": expect.any(Array) } });
    await expect(checkArticleDraft("no-such-article", draftOf(article))).rejects.toBeInstanceOf(NotFoundError);
    await expect(ignoreFinding({ articleId: "no-such-article", fingerprint: "0123456789abcdef" }, editor)).rejects.toBeInstanceOf(NotFoundError);
    await expect(ignoreFinding({ articleId: article.id, fingerprint: "not a fingerprint" }, editor)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("alt text", () => {
  it("flags a photo with an image and no alt text (a new, unsaved photo too), and can be ignored", async () => {
    const { ingestImage, setMediaStorage, createLocalStorage } = await import("@/lib/media");
    const { testJpeg } = await import("@/lib/media/test-support/images");
    const { mkdtemp, rm } = await import("node:fs/promises");
    const root = await mkdtemp(`${(await import("node:os")).tmpdir()}/copydesk-alt-`);
    setMediaStorage(createLocalStorage(root));
    onTestFinished(async () => {
      setMediaStorage(undefined);
      await rm(root, { recursive: true, force: true });
    });
    const article = await articleMentioning("Ingrid Smith");
    const image = await ingestImage({ data: await testJpeg(), originalName: "alt.jpg" }, editor);
    const draft = draftOf(article);
    const added = { id: crypto.randomUUID(), caption: captionFromText("A new picture"), alt: null, creditId: null, imageId: image.id, focal: { x: 50, y: 50 } };
    const withImages = { ...draft, photos: [...draft.photos, added] };
    const result = await checkArticleDraft(article.id, withImages);
    const alt = result.findings.filter((finding) => finding.rule === "missing-alt");
    expect(alt.map((finding) => [finding.location.fieldKey, finding.severity, finding.where])).toEqual([
      [`alt:${added.id}`, "high", `Alt text of photo ${withImages.photos.length}`],
    ]);
    const described = await checkArticleDraft(article.id, { ...withImages, photos: [...draft.photos, { ...added, alt: "Firefighters on a ladder" }] });
    expect(described.findings.some((finding) => finding.rule === "missing-alt")).toBe(false);

    await ignoreFinding({ articleId: article.id, fingerprint: alt[0].fingerprint }, editor);
    const after = await checkArticleDraft(article.id, withImages);
    expect(after.findings.some((finding) => finding.rule === "missing-alt")).toBe(false);
    expect(after.ignored.map((finding) => finding.rule)).toContain("missing-alt");
  });
});
