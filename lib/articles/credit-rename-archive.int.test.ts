import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsed } from "@/lib/actions/test-support";
import { creditUpdateSchema, updateCredit as updateParsed } from "@/lib/articles";
import { db, disconnectDatabase } from "@/lib/db";
import { countStatements } from "@/lib/db/test-support/statements";
import { backfillArchive } from "@/lib/factcheck/archive-refresh";
import { importDocuments } from "@/lib/importer";
import { createTestUser, uniqueName, uniqueSuffix, wireDocument } from "./test-support/fixtures";

// A credit rename's effect on the fact-check's archive (issue 9): moved set-based, keyed by the
// credit, in as many statements for 2,000 photos as for 200, and leaving the archive exactly as
// analysing every article again from scratch leaves it.

const updateCredit = parsed(creditUpdateSchema, updateParsed);
let editor: Awaited<ReturnType<typeof createTestUser>>;
const documentsDir = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-credit-rename-"));

beforeAll(async () => {
  editor = await createTestUser("editor");
});
afterAll(async () => {
  fs.rmSync(documentsDir, { recursive: true, force: true });
  await disconnectDatabase();
});

type Credit = { agency: string; photographer: string };
type Story = { paragraphs: string[]; photos: Credit[] };

/** Imports the stories (one import, as the wire arrives) and returns their article ids in order. */
async function importStories(stories: Story[]): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(documentsDir, "batch-"));
  stories.forEach((story, index) => {
    const photos = story.photos.map((credit, photo) => ({ caption: `Picture ${photo + 1} of the day.`, credit }));
    const name = `story-${String(index).padStart(5, "0")}.txt`;
    fs.writeFileSync(path.join(dir, name), wireDocument(`Harbour story ${index} ${uniqueSuffix()}`, story.paragraphs, photos));
  });
  const summary = await importDocuments([dir]);
  expect(summary.failed).toBe(0);
  return summary.results.sort((a, b) => a.file.localeCompare(b.file)).map((result) => result.articleId!);
}

const sorted = (values: string[] | null) => [...(values ?? [])].sort();

/** The archive as checks see it: these articles' rows, every count above zero, and the look-up keys of their forms. */
async function archiveState(ids: string[], forms: string[]) {
  const rows = await db.archiveArticle.findMany({ where: { articleId: { in: ids } }, orderBy: { articleId: "asc" } });
  const terms = await db.$queryRawUnsafe<Array<{ kind: number; term: string; articles: number }>>(
    `SELECT kind, term, articles FROM "ArchiveTerm" WHERE articles > 0 ORDER BY kind, term`,
  );
  const keys = await db.$queryRawUnsafe<Array<{ key: string; form: string }>>(
    `SELECT key, form FROM "ArchiveNameKey" WHERE form = ANY($1::text[]) ORDER BY 1, 2`,
    forms,
  );
  return {
    articles: rows.map((row) => ({
      articleId: row.articleId,
      capitalised: sorted(row.capitalised),
      names: sorted(row.names),
      ngrams: sorted(row.ngrams),
      words: sorted(row.words),
      headlineLength: row.headlineLength,
      creditTerms: sorted(row.creditTerms),
    })),
    terms,
    keys,
  };
}

/** The same articles analysed again from nothing: their rows removed (their counts with them) and backfilled. */
async function rebuilt(ids: string[], forms: string[]) {
  await db.archiveArticle.deleteMany({ where: { articleId: { in: ids } } });
  await db.archiveBackfill.update({ where: { id: 1 }, data: { lastId: null, done: 0, finishedAt: null } });
  await backfillArchive();
  return archiveState(ids, forms);
}

describe("renaming a credit", () => {
  it("leaves the archive exactly as analysing every article again does: rename, then merge", async () => {
    const surname = uniqueName();
    const agency = `AG${uniqueSuffix().replace(/\d/g, "").toUpperCase()}X`;
    const renamed = { agency, photographer: `Martin ${surname}` };
    // Another credit with the same photographer's name: its articles keep "Martin <surname>".
    const sibling = { agency: `${agency}B`, photographer: `Martin ${surname}` };
    const unrelated = { agency: "AP", photographer: `Ines ${uniqueName()}` };
    const ids = await importStories([
      { paragraphs: ["The harbour reopened on Monday."], photos: [renamed, renamed] },
      // The surname in the text: the article keeps it whatever its credits.
      { paragraphs: [`${surname} photographed the harbour.`, `Boats came back, said ${surname}.`], photos: [renamed, unrelated] },
      { paragraphs: ["Fishermen returned at dawn."], photos: [renamed, sibling] },
      { paragraphs: ["Nothing of that credit here."], photos: [sibling, unrelated] },
      { paragraphs: [`Martin ${surname}'s pictures of the storm.`], photos: [renamed] },
    ]);
    const credit = await db.credit.findUniqueOrThrow({ where: { agency_photographer: renamed } });
    const fixed = `${surname}n`;
    const forms = ["Martin", surname, fixed, "Marten"];

    await updateCredit({ id: credit.id, agency, photographer: `Martin ${fixed}` }, editor);
    const afterRename = await archiveState(ids, forms);
    // The rename did move something: the new spelling is counted, the old one only where kept.
    expect(afterRename.terms).toContainEqual({ kind: 1, term: fixed, articles: 4 });
    expect(afterRename.terms).toContainEqual({ kind: 1, term: surname, articles: 4 });
    expect(afterRename).toEqual(await rebuilt(ids, forms));

    // A second rename onto the sibling's name merges the two credits.
    await updateCredit({ id: credit.id, agency: sibling.agency, photographer: sibling.photographer }, editor);
    expect(await db.credit.findUnique({ where: { id: credit.id } })).toBeNull();
    const afterMerge = await archiveState(ids, forms);
    expect(afterMerge.terms.find((term) => term.kind === 1 && term.term === fixed)).toBeUndefined();
    expect(afterMerge).toEqual(await rebuilt(ids, forms));

    // And a rename to a photographer with nothing in common.
    const survivor = await db.credit.findUniqueOrThrow({ where: { agency_photographer: sibling } });
    await updateCredit({ id: survivor.id, agency: "REUTERS", photographer: "Marten Oddvar" }, editor);
    expect(await archiveState(ids, forms)).toEqual(await rebuilt(ids, forms));
  });

  it("sends as many statements for a credit on 2,000 photos as for one on 200", async () => {
    const counts: number[] = [];
    for (const photos of [200, 2000]) {
      const credit = { agency: "AFP", photographer: `Lena ${uniqueName()}` };
      // Every tenth story has a second credit sharing the first name: the rename reads it too.
      const neighbour = { agency: "EPA", photographer: credit.photographer.split(" ")[0] + ` ${uniqueName()}` };
      await importStories(
        Array.from({ length: photos }, (_, index) => ({ paragraphs: [`Story ${index} of the harbour.`], photos: index % 10 === 0 ? [credit, neighbour] : [credit] })),
      );
      const { id } = await db.credit.findUniqueOrThrow({ where: { agency_photographer: credit } });
      expect(await db.photo.count({ where: { creditId: id } })).toBe(photos);
      const started = performance.now();
      const { statements } = await countStatements(() => updateCredit({ id, agency: "AFP", photographer: `${credit.photographer}e` }, editor));
      // A figure for the report, not an assertion.
      console.log(`[credit rename] ${photos} photos: ${statements.length} statements, ${Math.round(performance.now() - started)} ms`);
      counts.push(statements.length);
      // The desk search re-indexed every one of its articles in the same transaction (triggers).
      const surname = `${credit.photographer.split(" ")[1]}e`;
      const [{ found }] = await db.$queryRawUnsafe<Array<{ found: number }>>(
        `SELECT count(*)::int AS found FROM "ArticleSearch" WHERE document @@ plainto_tsquery('public.copydesk_search', $1)`,
        surname,
      );
      expect(found).toBe(photos);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
