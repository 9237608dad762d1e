import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { captionFromText, docFromBlocks } from "@/lib/editor";
import { buildSnapshot, canonicalJson } from "@/lib/articles/snapshot";
import { articleSnapshotFromParsed, importDocuments, parseDocument } from "@/lib/importer";
import { parsed } from "@/lib/actions/test-support";
import { createTestUser, uniqueSuffix } from "@/lib/articles/test-support/fixtures";
import { forgetPresence, recordPresence } from "@/lib/collab/presence";
import { articleTaxonomySchema, setArticleTaxonomy as setTaxonomyParsed } from "@/lib/taxonomy";
import { refreshArchiveArticles } from "@/lib/factcheck/archive-refresh";

const setArticleTaxonomy = parsed(articleTaxonomySchema, setTaxonomyParsed);

// Articles are matched to files by base name, and every test shares one database: each test
// writes files with names of its own.
const root = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-import-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function tempDir() {
  return fs.mkdtempSync(path.join(root, "t-"));
}

function writeDoc(dir: string, text: string | Buffer, name = `${randomUUID()}.txt`) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", name));

function story(headline: string, paragraphs: string[], captions: string[] = []) {
  const parts = [` date 2024-09-01 ${headline}`, ...paragraphs];
  if (captions.length) parts.push("Here are some of the best pictures.", captions.join("\n"));
  return parts.join("\n\n") + "\n";
}

async function loadArticle(id: string) {
  return db.article.findUniqueOrThrow({
    where: { id },
    include: {
      photos: { include: { credit: true }, orderBy: { position: "asc" } },
      revisions: { orderBy: { version: "asc" } },
    },
  });
}

async function counts() {
  const [articles, photos, revisions, credits] = await Promise.all([
    db.article.count(),
    db.photo.count(),
    db.revision.count(),
    db.credit.count(),
  ]);
  return { articles, photos, revisions, credits };
}

/** What the desk does when an editor saves: new content, version + 1, a "save" revision. */
async function editorSaves(articleId: string, headline: string, options: { revision: boolean }) {
  const article = await db.article.update({ where: { id: articleId }, data: { headline, version: { increment: 1 } } });
  if (options.revision) {
    await db.revision.create({
      data: {
        articleId,
        version: article.version,
        kind: "save",
        snapshot: { headline, standfirst: article.standfirst, body: article.body ?? {}, photos: [] },
      },
    });
  }
  return article;
}

describe("importDocuments", () => {
  it("creates a draft article with body, photos, credits and an import revision", async () => {
    const dir = tempDir();
    const file = writeDoc(dir, fixture("credit-styles.txt"));
    const summary = await importDocuments([dir]);

    expect(summary).toMatchObject({ total: 1, created: 1, failed: 0, photos: 10, warnings: 2 });
    const [result] = summary.results;
    expect(result).toMatchObject({ file, status: "created" });
    expect(result.warnings.map((w) => w.line)).toEqual([18, 19]);

    const article = await loadArticle(result.articleId!);
    const parsed = parseDocument(fixture("credit-styles.txt"), file);
    expect(article).toMatchObject({
      slug: result.slug,
      headline: "Paris opens the Olympics with a boat parade on the Seine",
      standfirst: "",
      status: "draft",
      version: 1,
      importedVersion: 1,
      sourceFile: path.basename(file),
      sourceHash: parsed.sourceHash,
      publishedSnapshot: null,
    });
    expect(article.slug).toMatch(/^paris-opens-the-olympics-with-a-boat-parade-on-the-seine(-\d+)?$/);
    expect(article.documentDate.toISOString().slice(0, 10)).toBe("2024-07-26");
    expect(article.body).toEqual(docFromBlocks(parsed.blocks));

    expect(article.photos.map((p) => p.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(article.photos[2].caption).toEqual(captionFromText("Celine Dion performs on the Eiffel Tower during the opening ceremony."));
    expect(article.photos.map((p) => p.credit && `${p.credit.agency}/${p.credit.photographer}`)).toEqual([
      "AP/Martin Meissner",
      "AP/Dita Alangkara",
      "AP/David Goldman",
      "AP/Natacha Pisarenko",
      "Reuters/Kai Pfaffenbach",
      "Reuters/Aleksandra Szmigiel",
      "AFP/Jean-François Badias",
      null,
      null,
      "AP/Martin Meissner",
    ]);
    // The same photographer twice in one document is one credit.
    expect(article.photos[9].creditId).toBe(article.photos[0].creditId);

    expect(article.revisions).toHaveLength(1);
    const [revision] = article.revisions;
    expect(revision).toMatchObject({ version: 1, kind: "import", authorId: null });
    const snapshot = revision.snapshot as { headline: string; body: unknown; photos: Array<Record<string, unknown>> };
    expect(snapshot.headline).toBe(article.headline);
    expect(snapshot.body).toEqual(article.body);
    expect(snapshot.photos[4]).toEqual({
      id: article.photos[4].id,
      position: 4,
      caption: article.photos[4].caption,
      alt: null,
      imageUrl: null,
      creditId: article.photos[4].creditId,
      credit: "Reuters/Kai Pfaffenbach",
    });
    // The snapshot is the one shape every revision has, and what the importer's builder gives.
    expect(snapshot).toEqual(buildSnapshot(article));
    const byCredit = new Map(article.photos.map((p) => [p.credit && `${p.credit.agency}/${p.credit.photographer}`, p.creditId]));
    expect(snapshot).toEqual(
      articleSnapshotFromParsed(parsed, {
        creditId: (c) => byCredit.get(`${c.agency}/${c.photographer}`)!,
        photoIds: article.photos.map((p) => p.id),
      }),
    );
  });

  it("changes nothing when the same file is imported again", async () => {
    const dir = tempDir();
    writeDoc(dir, fixture("crlf-curly-quotes.txt"));
    const first = await importDocuments([dir]);
    const before = await loadArticle(first.results[0].articleId!);

    const second = await importDocuments([dir]);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(second.results[0]).toMatchObject({ status: "unchanged", articleId: before.id, slug: before.slug });
    expect(await loadArticle(before.id)).toEqual(before);
  });

  it("updates an article nobody has edited when its file changes, keeping its slug", async () => {
    const dir = tempDir();
    const file = writeDoc(
      dir,
      story("Storm closes schools", ["Schools closed on Monday."], ["Children walk home in the rain - AP/Jane Doe", "A flooded road - AP/John Roe"]),
    );
    const created = (await importDocuments([file])).results[0];

    fs.writeFileSync(
      file,
      story("Storm closes schools across the region", ["Schools closed on Monday and Tuesday."], ["A flooded road - AP/John Roe"]),
    );
    const summary = await importDocuments([file]);
    expect(summary.results[0]).toMatchObject({ status: "updated", articleId: created.articleId, slug: created.slug });
    expect(summary.results[0].forced).toBeUndefined();

    const article = await loadArticle(created.articleId!);
    expect(article).toMatchObject({
      headline: "Storm closes schools across the region",
      slug: created.slug,
      version: 2,
      importedVersion: 2,
      sourceHash: parseDocument(fs.readFileSync(file), file).sourceHash,
    });
    expect(article.body).toEqual(docFromBlocks([{ kind: "paragraph", text: "Schools closed on Monday and Tuesday." }, { kind: "paragraph", text: "Here are some of the best pictures." }]));
    expect(article.photos).toHaveLength(1);
    expect(article.photos[0].credit).toMatchObject({ agency: "AP", photographer: "John Roe" });
    expect(article.revisions.map((r) => [r.version, r.kind])).toEqual([
      [1, "import"],
      [2, "reimport"],
    ]);
    expect(article.revisions[1].snapshot).toEqual(buildSnapshot(article));
    // The first import's text is still in its revision.
    expect((article.revisions[0].snapshot as { headline: string }).headline).toBe("Storm closes schools");
  });

  it("skips an article editors have changed and reports why", async () => {
    const dir = tempDir();
    const file = writeDoc(dir, story("Bridge reopens", ["The bridge reopened on Friday."]));
    const created = (await importDocuments([file])).results[0];
    await editorSaves(created.articleId!, "Bridge reopens after repairs", { revision: true });
    const edited = await loadArticle(created.articleId!);

    fs.writeFileSync(file, story("Bridge reopens", ["The bridge reopened on Friday morning."]));
    const summary = await importDocuments([file]);
    expect(summary).toMatchObject({ skipped: 1, updated: 0 });
    expect(summary.results[0].status).toBe("skipped");
    expect(summary.results[0].reason).toMatch(/edited since its import \(version 2, imported as version 1\).*--force/);
    expect(await loadArticle(created.articleId!)).toEqual(edited);

    // Importing the unchanged-since-edit file a second time skips it again.
    expect((await importDocuments([file])).skipped).toBe(1);
  });

  it("never overwrites an article someone is co-editing, even with force, and updates it once they have left", async () => {
    const dir = tempDir();
    const file = writeDoc(dir, story("Ferry timetable", ["Ferries sail hourly."]));
    const created = (await importDocuments([file])).results[0];
    const editor = await createTestUser("editor");
    // Open in a live session, nothing stored yet (the version is still the imported one).
    await recordPresence(created.articleId!, editor.id, "import-test-instance");
    const before = await loadArticle(created.articleId!);

    fs.writeFileSync(file, story("Ferry timetable changes", ["Ferries sail every two hours."]));
    for (const force of [false, true]) {
      const summary = await importDocuments([file], { force });
      expect(summary).toMatchObject({ skipped: 1, updated: 0 });
      expect(summary.results[0].reason).toBe("1 person is editing it live; import it again once they have left the story");
      expect(await loadArticle(created.articleId!)).toEqual(before);
      expect((await importDocuments([file], { force, dryRun: true })).results[0].status).toBe("skipped");
    }

    await forgetPresence(created.articleId!, editor.id, "import-test-instance");
    expect((await importDocuments([file])).updated).toBe(1);
    expect((await loadArticle(created.articleId!)).headline).toBe("Ferry timetable changes");
  });

  it("with force, keeps the editors' text as a revision and then replaces it", async () => {
    const dir = tempDir();
    const file = writeDoc(dir, story("Museum reopens", ["The museum reopened on Sunday."], ["Visitors queue - AP/Jane Doe", "A hall - AP/John Roe"]));
    const created = (await importDocuments([file])).results[0];
    // An edit whose revision is missing: the import must still keep that text.
    await editorSaves(created.articleId!, "Museum reopens its doors", { revision: false });

    fs.writeFileSync(file, story("Museum reopens after two years", ["The museum reopened on Sunday after two years."]));
    const summary = await importDocuments([file], { force: true });
    expect(summary.results[0]).toMatchObject({ status: "updated", forced: true });
    expect(summary.results[0].reason).toMatch(/replaced editors' changes/);

    const article = await loadArticle(created.articleId!);
    expect(article).toMatchObject({ headline: "Museum reopens after two years", version: 3, importedVersion: 3 });
    expect(article.photos).toEqual([]);
    expect(article.revisions.map((r) => [r.version, r.kind])).toEqual([
      [1, "import"],
      [2, "save"],
      [3, "reimport"],
    ]);
    const kept = article.revisions[1].snapshot as { headline: string; photos: Array<{ credit: string }> };
    expect(kept.headline).toBe("Museum reopens its doors");
    expect(kept.photos.map((p) => p.credit)).toEqual(["AP/Jane Doe", "AP/John Roe"]);
  });

  it("with force, keeps the article's bylines, section and tags, in the kept revision and the re-import's", async () => {
    const editor = await createTestUser("editor");
    const dir = tempDir();
    const file = writeDoc(dir, story("Ferry resumes", ["The ferry resumed on Monday."]));
    const created = (await importDocuments([file])).results[0];
    const articleId = created.articleId!;
    await setArticleTaxonomy({ articleId, section: `Travel ${uniqueSuffix()}`, tags: ["Ferries"], bylines: [{ name: `Sam ${uniqueSuffix()}`, bio: "" }] }, editor);
    // A text edit whose revision is missing: the import keeps it, with the taxonomy it had.
    await editorSaves(articleId, "Ferry resumes service", { revision: false });

    fs.writeFileSync(file, story("Ferry resumes", ["The ferry resumed on Monday morning."]));
    expect((await importDocuments([file], { force: true })).results[0]).toMatchObject({ status: "updated", forced: true });
    const article = await db.article.findUniqueOrThrow({
      where: { id: articleId },
      include: {
        photos: { include: { credit: true } },
        section: { select: { id: true, name: true } },
        tags: { select: { position: true, tag: { select: { id: true, name: true } } } },
        bylines: { select: { position: true, contributor: { select: { id: true, displayName: true } } } },
        revisions: { orderBy: { version: "asc" } },
      },
    });
    expect(article.section).not.toBeNull();
    expect(article.revisions.map((r) => [r.version, r.kind])).toEqual([[1, "import"], [2, "save"], [3, "save"], [4, "reimport"]]);
    const taxonomy = buildSnapshot(article).taxonomy;
    expect(taxonomy).toMatchObject({ section: article.section, tags: [{ name: "Ferries" }], bylines: [{ id: article.bylines[0].contributor.id }] });
    expect((article.revisions[2].snapshot as { taxonomy: unknown }).taxonomy).toEqual(taxonomy);
    expect(canonicalJson(article.revisions[3].snapshot)).toBe(canonicalJson(buildSnapshot(article)));
  });

  it("with force, does not duplicate a revision the editors' save already wrote", async () => {
    const dir = tempDir();
    const file = writeDoc(dir, story("Library extends hours", ["The library will open until 10pm."]));
    const created = (await importDocuments([file])).results[0];
    await editorSaves(created.articleId!, "Library extends opening hours", { revision: true });
    fs.writeFileSync(file, story("Library extends hours", ["The library will open until 11pm."]));
    await importDocuments([file], { force: true });
    const article = await loadArticle(created.articleId!);
    expect(article.revisions.map((r) => [r.version, r.kind])).toEqual([
      [1, "import"],
      [2, "save"],
      [3, "reimport"],
    ]);
  });

  it("fails bad files with file and line, writes nothing for them and imports the others", async () => {
    const dir = tempDir();
    const good1 = writeDoc(dir, story("First good story", ["Fine."]), "a-good.txt".replace("a-", `a-${randomUUID()}-`));
    const bad = writeDoc(dir, fixture("bad-date.txt"), `b-${randomUUID()}.txt`);
    const latin1 = writeDoc(dir, fixture("latin1.txt"), `c-${randomUUID()}.txt`);
    const good2 = writeDoc(dir, story("Second good story", ["Also fine."]), `d-${randomUUID()}.txt`);
    const before = await counts();

    const events: string[] = [];
    const summary = await importDocuments([dir], { onEvent: (e) => e.type === "file" && events.push(e.result.status) });
    expect(summary).toMatchObject({ total: 4, created: 2, failed: 2 });
    expect(summary.results.map((r) => [r.file, r.status])).toEqual([
      [good1, "created"],
      [bad, "failed"],
      [latin1, "failed"],
      [good2, "created"],
    ]);
    expect(events).toEqual(["created", "failed", "failed", "created"]);
    expect(summary.results[1].error).toBe(`${bad}:1: impossible date 2024-02-30`);
    expect(summary.results[2].error).toMatch(new RegExp(`^${latin1.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:1: not UTF-8 text`));
    expect(await counts()).toMatchObject({ articles: before.articles + 2, revisions: before.revisions + 2 });
    expect(await db.article.count({ where: { sourceFile: { in: [path.basename(bad), path.basename(latin1)] } } })).toBe(0);
  });

  it("rolls back a file whose write fails halfway, and still writes the rest of its batch", async () => {
    const dir = tempDir();
    const files = ["one", "two", "three"].map((word, i) =>
      writeDoc(
        dir,
        story(`Batch story ${word}`, [`Paragraph ${word}.`], [`Caption ${word} EXPLODE-${i} - AP/Jane Doe`, `Other ${word} - AP/John Roe`]),
        `${i}-${randomUUID()}.txt`,
      ),
    );
    // The photo insert fails for the second file only, after its article row was written.
    await db.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION copydesk_test_fail_photo() RETURNS trigger AS $$
      BEGIN
        IF NEW.caption::text LIKE '%EXPLODE-1%' THEN RAISE EXCEPTION 'simulated failure'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(
      `CREATE TRIGGER copydesk_test_fail_photo BEFORE INSERT ON "Photo" FOR EACH ROW EXECUTE FUNCTION copydesk_test_fail_photo()`,
    );
    try {
      const events: string[] = [];
      const summary = await importDocuments([dir], { onEvent: (e) => events.push(e.type) });
      expect(summary.results.map((r) => r.status)).toEqual(["created", "failed", "created"]);
      expect(summary.results[1].error).toMatch(/simulated failure/);
      expect(events).toContain("batch-retry");
      const imported = await db.article.findMany({
        where: { sourceFile: { in: files.map((f) => path.basename(f)) } },
        include: { photos: true, revisions: true },
      });
      expect(imported.map((a) => a.headline).sort()).toEqual(["Batch story one", "Batch story three"]);
      expect(imported.every((a) => a.photos.length === 2 && a.revisions.length === 1)).toBe(true);
      // The failed batch's share of the audit event rolled back with it: it counts what committed.
      const [event] = await db.auditEvent.findMany({ where: { action: "article.import", details: { path: ["paths"], array_contains: [dir] } } });
      expect(event.details).toMatchObject({ created: 2, photos: 4, failed: 1 });
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS copydesk_test_fail_photo ON "Photo"`);
      await db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS copydesk_test_fail_photo()`);
    }
  });

  it("in a dry run, reports what would happen and writes nothing", async () => {
    const dir = tempDir();
    const file = writeDoc(dir, story("Dry run story", ["Nothing is written."], ["A caption - AP/Dry Runner", "Another - AP/Dry Runner"]));
    writeDoc(dir, fixture("no-date-line.txt"));
    const before = await counts();

    const dry = await importDocuments([dir], { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, created: 1, failed: 1, photos: 2 });
    expect(dry.results.find((r) => r.file === file)?.slug).toBe("dry-run-story");
    expect(await counts()).toEqual(before);
    expect(await db.credit.count({ where: { photographer: "Dry Runner" } })).toBe(0);

    const real = await importDocuments([file]);
    fs.writeFileSync(file, story("Dry run story", ["Something changed."]));
    const afterImport = await loadArticle(real.results[0].articleId!);
    const dryUpdate = await importDocuments([file], { dryRun: true });
    expect(dryUpdate.results[0]).toMatchObject({ status: "updated", articleId: afterImport.id });
    expect(await loadArticle(afterImport.id)).toEqual(afterImport);
  });

  it("shares credits across articles and batches: one Credit row per agency and photographer", async () => {
    const dir = tempDir();
    // Names are letters: a credit with digits in the name is not read as a credit.
    const photographer = `Shared ${randomUUID().replace(/[^a-f]/g, "").slice(0, 6)}x`;
    for (const [i, credit] of [`- AP/${photographer}`, `(AP Photo/${photographer})`, `(${photographer}/AP)`].entries()) {
      writeDoc(dir, story(`Shared credit story ${i}`, ["Text."], [`First caption ${credit}`, `Second caption ${credit}`]), `${i}-${randomUUID()}.txt`);
    }
    const summary = await importDocuments([dir], { batchSize: 1 });
    expect(summary.created).toBe(3);

    const credits = await db.credit.findMany({ where: { photographer }, include: { photos: true } });
    expect(credits).toHaveLength(1);
    expect(credits[0].agency).toBe("AP");
    expect(credits[0].photos).toHaveLength(6);

    // A later import finds the existing credit instead of creating another.
    writeDoc(dir, story("Shared credit story later", ["Text."], [`Third caption - AP/${photographer}`, `Fourth - AP/${photographer}`]));
    await importDocuments([dir]);
    expect(await db.credit.count({ where: { photographer } })).toBe(1);
  });

  it("gives articles with the same headline distinct readable slugs", async () => {
    const dir = tempDir();
    const headline = `Same headline ${randomUUID().slice(0, 8)}`;
    writeDoc(dir, story(headline, ["One."]), `1-${randomUUID()}.txt`);
    writeDoc(dir, story(headline, ["Two."]), `2-${randomUUID()}.txt`);
    const first = await importDocuments([dir]);
    writeDoc(dir, story(headline, ["Three."]), `3-${randomUUID()}.txt`);
    const second = await importDocuments([dir]);
    const base = headline.toLowerCase().replace(/\s+/g, "-");
    expect(first.results.map((r) => r.slug)).toEqual([base, `${base}-2`]);
    expect(second.results.map((r) => [r.status, r.slug])).toEqual([
      ["unchanged", base],
      ["unchanged", `${base}-2`],
      ["created", `${base}-3`],
    ]);
  });

  it("reports missing paths and two files with the same name as failures, with progress to the end", async () => {
    const a = tempDir();
    const b = tempDir();
    const name = `${randomUUID()}.txt`;
    writeDoc(a, story("Twin one", ["One."]), name);
    writeDoc(b, story("Twin two", ["Two."]), name);
    const progress: Array<[number, number]> = [];
    const summary = await importDocuments([a, b, path.join(a, "missing.txt")], {
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(summary).toMatchObject({ total: 3, created: 1, failed: 2 });
    expect(summary.results.find((r) => r.file.endsWith("missing.txt"))?.error).toMatch(/no such file/);
    expect(summary.results.find((r) => r.file === path.join(b, name))?.error).toMatch(/another file named/);
    expect(progress.at(-1)).toEqual([3, 3]);
  });

  it("writes, in SQL, the snapshot the TypeScript builder gives, for every fixture and seed", async () => {
    // WRITE_BATCH_SQL builds revision snapshots with jsonb_build_object; buildSnapshot is the one
    // TypeScript form. They must agree on real documents: credits of every style, photos without
    // credits, standfirsts, subheadings, CRLF, BOM; on first imports and on re-imports.
    const dir = tempDir();
    const sources = [path.join(import.meta.dirname, "fixtures"), path.join(import.meta.dirname, "..", "..", "seeds")];
    const files: string[] = [];
    for (const source of sources) {
      for (const name of fs.readdirSync(source)) {
        const bytes = fs.readFileSync(path.join(source, name));
        try {
          parseDocument(bytes, name);
        } catch {
          continue;
        }
        files.push(writeDoc(dir, bytes, `${randomUUID()}-${name}`));
      }
    }
    expect(files.length).toBeGreaterThanOrEqual(10);
    const check = async (summary: Awaited<ReturnType<typeof importDocuments>>) => {
      expect(summary.failed).toBe(0);
      for (const result of summary.results) {
        const article = await loadArticle(result.articleId!);
        const stored = article.revisions.at(-1)!.snapshot;
        expect(canonicalJson(stored), result.file).toBe(canonicalJson(buildSnapshot(article)));
        const byCredit = new Map(article.photos.map((p) => [p.credit && `${p.credit.agency}/${p.credit.photographer}`, p.creditId]));
        const fromFile = articleSnapshotFromParsed(parseDocument(fs.readFileSync(result.file), result.file), {
          creditId: (c) => byCredit.get(`${c.agency}/${c.photographer}`)!,
          photoIds: article.photos.map((p) => p.id),
        });
        expect(canonicalJson(stored), result.file).toBe(canonicalJson(fromFile));
      }
    };
    await check(await importDocuments([dir]));
    // Re-imports go through the same statement with kind "reimport" and version 2.
    for (const file of files) fs.appendFileSync(file, "\nOne more paragraph added by the wire.\n");
    const again = await importDocuments([dir]);
    expect(again.updated).toBe(files.length);
    await check(again);
  });

  it("records one article.import audit event per run, with what committed", async () => {
    const dir = tempDir();
    writeDoc(dir, story("Audited story one", ["One."], ["A caption - AP/Jane Doe", "Another - AP/Jane Doe"]), `1-${randomUUID()}.txt`);
    writeDoc(dir, story("Audited story two", ["Two."]), `2-${randomUUID()}.txt`);
    writeDoc(dir, fixture("bad-date.txt"), `3-${randomUUID()}.txt`);
    const events = () => db.auditEvent.findMany({ where: { action: "article.import", details: { path: ["paths"], array_contains: [dir] } }, orderBy: { at: "asc" } });

    await importDocuments([dir], { dryRun: true });
    expect(await events()).toHaveLength(0);

    // One document per transaction: still one event for the run.
    await importDocuments([dir], { batchSize: 1 });
    await importDocuments([dir]);
    const [first, second] = await events();
    expect(await events()).toHaveLength(2);
    expect(first).toMatchObject({ actorId: null, targetType: "import" });
    expect(first.details).toMatchObject({
      paths: [dir],
      pathCount: 1,
      force: false,
      created: 2,
      updated: 0,
      photos: 2,
      unchanged: 0,
      failed: 1,
      total: 3,
      finished: true,
    });
    expect(second.details).toMatchObject({ created: 0, unchanged: 2, failed: 1, finished: true });
  });

  it("imports the two seeds", async () => {
    const dir = tempDir();
    const seeds = path.join(import.meta.dirname, "..", "..", "seeds");
    for (const name of fs.readdirSync(seeds)) fs.copyFileSync(path.join(seeds, name), path.join(dir, `${randomUUID()}-${name}`));
    const summary = await importDocuments([dir]);
    expect(summary).toMatchObject({ created: 2, failed: 0, photos: 25 });
    const articles = await db.article.findMany({
      where: { id: { in: summary.results.map((r) => r.articleId!) } },
      include: { _count: { select: { photos: true } } },
      orderBy: { documentDate: "asc" },
    });
    expect(articles.map((a) => [a.headline, a._count.photos])).toEqual([
      ["Au revoir! Paris hands over to Los Angeles in spectacular Olympics closing ceremony.", 25],
      ["Highlights Los Angeles have given fans a short glimpse of what to expect", 0],
    ]);
    expect(summary.results.find((r) => r.warnings.length)?.warnings[0].message).toMatch(/standfirst/);
  });

  it("prepared in its worker thread, stores the archive rows and search document a save's recomputation gives", async () => {
    const dir = tempDir();
    const seeds = path.join(import.meta.dirname, "..", "..", "seeds");
    for (const name of fs.readdirSync(seeds)) fs.copyFileSync(path.join(seeds, name), path.join(dir, `${randomUUID()}-${name}`));
    writeDoc(dir, story("Swimmers cheer at Saint-Denis", ["Léon Marchand won again at the Paris La Défense Arena."], [
      "Swimmers react during the 2024 Summer Olympics at Paris, France, Aug. 2, 2024. (AP Photo/Ashley Landis)",
    ]));
    writeDoc(dir, "not a document\n", `${randomUUID()}.txt`);
    const summary = await importDocuments([dir], { prepareIn: "worker" });
    expect(summary).toMatchObject({ created: 3, failed: 1, photos: 26 });
    expect(summary.results.find((r) => r.status === "failed")?.error).toMatch(/\.txt:\d+: /);
    const ids = summary.results.filter((r) => r.status === "created").map((r) => r.articleId!);

    const stored = () =>
      Promise.all([
        db.$queryRawUnsafe<unknown[]>(
          `SELECT "articleId", capitalised, names, ngrams, words, "headlineLength" FROM "ArchiveArticle" WHERE "articleId" = ANY($1) ORDER BY 1`,
          ids,
        ),
        db.$queryRawUnsafe<unknown[]>(`SELECT "articleId", document::text FROM "ArticleSearch" WHERE "articleId" = ANY($1) ORDER BY 1`, ids),
      ]);
    const [archive, search] = await stored();
    expect(archive).toHaveLength(3);
    expect(search).toHaveLength(3);
    expect(JSON.stringify(search)).toContain("swimmer");

    // What a save works out for the same articles, from their stored rows (rolled back).
    const recomputed = await db
      .$transaction(async (tx) => {
        await refreshArchiveArticles(tx, ids);
        await tx.$executeRawUnsafe(`SELECT copydesk_search_refresh($1::text[], true, true)`, ids);
        const rows = await Promise.all([
          tx.$queryRawUnsafe<unknown[]>(
            `SELECT "articleId", capitalised, names, ngrams, words, "headlineLength" FROM "ArchiveArticle" WHERE "articleId" = ANY($1) ORDER BY 1`,
            ids,
          ),
          tx.$queryRawUnsafe<unknown[]>(`SELECT "articleId", document::text FROM "ArticleSearch" WHERE "articleId" = ANY($1) ORDER BY 1`, ids),
        ]);
        throw Object.assign(new Error("roll back"), { rows });
      })
      .catch((error: { rows?: [unknown[], unknown[]] }) => {
        if (!error.rows) throw error;
        return error.rows;
      });
    expect(archive).toEqual(recomputed[0]);
    expect(search).toEqual(recomputed[1]);
    // In the worker or in this thread, the same rows.
    const again = tempDir();
    for (const name of fs.readdirSync(dir)) fs.copyFileSync(path.join(dir, name), path.join(again, `again-${name}`));
    const inThread = await importDocuments([again], { prepareIn: "thread" });
    const threadIds = inThread.results.filter((r) => r.status === "created").map((r) => r.articleId!);
    const threadArchive = await db.$queryRawUnsafe<Array<Record<string, unknown>>>(
      `SELECT capitalised, names, ngrams, words, "headlineLength" FROM "ArchiveArticle" a JOIN "Article" x ON x.id = a."articleId"
        WHERE a."articleId" = ANY($1) ORDER BY substr(x."sourceFile", 7)`,
      threadIds,
    );
    const workerArchive = await db.$queryRawUnsafe<Array<Record<string, unknown>>>(
      `SELECT capitalised, names, ngrams, words, "headlineLength" FROM "ArchiveArticle" a JOIN "Article" x ON x.id = a."articleId"
        WHERE a."articleId" = ANY($1) ORDER BY x."sourceFile"`,
      ids,
    );
    expect(threadArchive).toEqual(workerArchive);
  });
});
