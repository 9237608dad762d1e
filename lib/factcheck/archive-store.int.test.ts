import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabaseClient } from "@/lib/db";
import { createScratchDatabase, testServer } from "@/lib/db/test-support/scratch-database";
import { ArchiveCache, archiveSize, assessWithArchive, writeArchiveContributionDelta, writeArchiveContributions } from "@/lib/factcheck/archive-store";
import { createFactChecker } from "@/lib/factcheck/fact-checker";
import { loadLabelledSet, type LabelledSet } from "@/lib/factcheck/fixtures/labelled-set";
import type { ArchiveContribution, CheckField, FactChecker } from "@/lib/factcheck/types";

// The PostgreSQL archive answers the rules exactly as the in-memory index does: the labelled set
// stored through the writers' helper, then every labelled document checked both ways. A database
// of its own, so the counts are the labelled set's alone.
let set: LabelledSet;
let memory: FactChecker;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let client: ReturnType<typeof createDatabaseClient>;
let embedded: Awaited<ReturnType<typeof testServer>>["embedded"];

const docOf = (headline: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: headline }] }] });

beforeAll(async () => {
  set = loadLabelledSet();
  const server = await testServer();
  embedded = server.embedded;
  scratch = await createScratchDatabase(server.adminUrl, "copydesk_archive");
  client = createDatabaseClient(scratch.url);
  memory = await createFactChecker({ houseDictionary: set.houseDictionary });
  const all = [...set.archive, ...set.documents];
  for (const document of all) memory.addArchiveDocument(document.id, document.fields);
  // Article rows only hold the ids the contributions point to; the contributions are what is read.
  await client.article.createMany({
    data: all.map((document, i) => ({ id: document.id, slug: `labelled-${i}`, headline: document.id, body: docOf(document.id), documentDate: new Date("2024-08-01") })),
  });
  // In two batches, the second replacing part of the first: counts move by differences.
  const rows = all.map((document) => ({ articleId: document.id, ...memory.archiveContribution(document.fields) }));
  await writeArchiveContributions(client, rows.slice(0, Math.ceil(rows.length / 2)));
  await client.$transaction((tx) => writeArchiveContributions(tx, rows.slice(Math.floor(rows.length / 3))));
});

afterAll(async () => {
  await client?.$disconnect();
  await scratch?.drop();
  await embedded?.stop();
});

describe("the PostgreSQL archive", () => {
  it("gives every labelled document the findings the in-memory archive gives", async () => {
    const cache = new ArchiveCache(8 * 1024 * 1024);
    for (const document of set.documents) {
      const options = { excludeArchiveId: document.id };
      const expected = memory.check(document.fields, options);
      const stored = await assessWithArchive(memory, document.fields, options, { client, cache });
      expect(stored.findings, document.id).toEqual(expected);
    }
    expect(await archiveSize(client)).toBe(set.archive.length + set.documents.length);
  });

  it("answers a re-check from its cache, bounded in bytes, and drops it when a writer moves the counts", async () => {
    const cache = new ArchiveCache(256 * 1024);
    const [document] = set.documents;
    await assessWithArchive(memory, document.fields, { excludeArchiveId: document.id }, { client, cache });
    expect(cache.size).toBeGreaterThan(0);
    expect(cache.bytes).toBeLessThanOrEqual(256 * 1024);
    const generation = cache.generation;
    await writeArchiveContributions(client, [{ articleId: document.id, ...memory.archiveContribution(document.fields) }]);
    await assessWithArchive(memory, document.fields, { excludeArchiveId: document.id }, { client, cache });
    expect(cache.generation).not.toBe(generation);
  });

  it("answers at its budget while a slow read goes on, and the next check finds the cache that read filled", async () => {
    const document = set.documents.find((candidate) => memory.check(candidate.fields, { excludeArchiveId: candidate.id }).length > 0)!;
    const options = { excludeArchiveId: document.id };
    // The archive's look-up queries, counted; while `held` is pending they wait (a cold read at 100,000 articles).
    let reads = 0;
    let held: Promise<void> = Promise.resolve();
    const slow = new Proxy(client, {
      get(target, key) {
        if (key !== "$queryRawUnsafe") return Reflect.get(target, key);
        return async (sql: string, ...values: unknown[]) => {
          if (sql.includes('"ArchiveNameKey"')) {
            reads++;
            await held;
          }
          return target.$queryRawUnsafe(sql, ...values);
        };
      },
    });
    // What a cold check reads when nothing is slow.
    await assessWithArchive(memory, document.fields, options, { client: slow, cache: new ArchiveCache(8 * 1024 * 1024) });
    const coldReads = reads;
    reads = 0;

    const cache = new ArchiveCache(8 * 1024 * 1024);
    let release!: () => void;
    held = new Promise<void>((resolve) => (release = resolve));
    const first = await assessWithArchive(memory, document.fields, { ...options, budgetMs: 50 }, { client: slow, cache });
    expect(first).toMatchObject({ findings: [], complete: false });
    expect(cache.reading).not.toBeNull();
    release();
    await cache.reading;
    expect(cache.reading).toBeNull();
    const second = await assessWithArchive(memory, document.fields, { ...options, budgetMs: 60_000 }, { client: slow, cache });
    expect(second.complete).toBe(true);
    expect(second.findings).toEqual(memory.check(document.fields, options));
    // The read-ahead the first check started was not done again.
    expect(reads).toBe(coldReads);
  });

  it("stores a difference from the article's stamped contribution exactly as the whole new contribution, and refuses one the row no longer holds", async () => {
    const [document, other] = set.documents;
    const before = memory.archiveContribution(document.fields);
    // The article after an edit: a field dropped, a name never seen in the archive added (with
    // look-up keys and skeletons to make), a field of another document's text, a new headline.
    const fresh = `Qorbanian${Math.random().toString(36).slice(2, 8).replace(/\d/g, "x")}`;
    const edited: CheckField[] = [
      { key: "headline", kind: "headline", blocks: [`${fresh} wins the Stade de ${fresh} final`] },
      ...document.fields.filter((field) => field.kind !== "headline").slice(1),
      ...other.fields.filter((field) => field.kind === "body").map((field) => ({ ...field, key: `copied-${field.key}` })),
      { key: "caption:new", kind: "caption", blocks: [`${fresh} and Anna ${fresh}son at the Stade de France.`] },
    ];
    const after = memory.archiveContribution(edited);
    const sorted = (values: readonly string[]) => [...values].sort();
    const tables = async (tx: Parameters<typeof writeArchiveContributions>[0]) => {
      const [row] = await tx.$queryRawUnsafe<Array<ArchiveContribution & { articleId: string }>>(
        `SELECT "articleId", capitalised, names, ngrams, words, "headlineLength", "creditTerms" FROM "ArchiveArticle" WHERE "articleId" = $1`,
        document.id,
      );
      return {
        // The lists are sets (a credit rename reorders them too): compared in one order.
        row: { ...row, capitalised: sorted(row.capitalised), names: sorted(row.names), ngrams: sorted(row.ngrams), words: sorted(row.words), creditTerms: sorted(row.creditTerms) },
        terms: await tx.$queryRawUnsafe(`SELECT kind, term, articles FROM "ArchiveTerm" ORDER BY kind, term COLLATE "C"`),
        keys: await tx.$queryRawUnsafe(`SELECT key, form FROM "ArchiveNameKey" ORDER BY key COLLATE "C", form COLLATE "C"`),
        skeletons: await tx.$queryRawUnsafe(`SELECT skeleton, form, ngram FROM "ArchiveSkeleton" ORDER BY skeleton COLLATE "C", form COLLATE "C", ngram COLLATE "C"`),
      };
    };
    /** The tables after `write`, which is then rolled back. */
    const outcome = async (write: (tx: Parameters<typeof writeArchiveContributions>[0]) => Promise<unknown>) => {
      let seen: Awaited<ReturnType<typeof tables>> | null = null;
      await client
        .$transaction(async (tx) => {
          await write(tx);
          seen = await tables(tx);
          throw new Error("roll back");
        })
        .catch((error: Error) => {
          if (error.message !== "roll back") throw error;
        });
      return seen!;
    };

    await writeArchiveContributions(client, [{ articleId: document.id, ...before, stamp: "stamp-1" }]);
    const start = await tables(client);
    const whole = await outcome((tx) => writeArchiveContributions(tx, [{ articleId: document.id, ...after }]));
    let applied: boolean | null = null;
    const delta = await outcome(async (tx) => (applied = await writeArchiveContributionDelta(tx, document.id, { stamp: "stamp-1", contribution: before }, after, "stamp-2")));
    expect(applied).toBe(true);
    expect(delta).toEqual(whole);
    expect(delta.row.capitalised).toContain(fresh);
    expect(delta.terms).not.toEqual(start.terms);

    // A row another writer has written since (its stamp is not the sender's) is left as it is.
    expect(await writeArchiveContributionDelta(client, document.id, { stamp: "stamp-0", contribution: before }, after, "stamp-3")).toBe(false);
    expect(await tables(client)).toEqual(start);
  });

  it("subtracts an article's terms when it leaves the archive", async () => {
    const [document] = set.archive;
    const before = await archiveSize(client);
    const word = memory.archiveContribution(document.fields).words[0];
    const count = async () => (await client.archiveTerm.findUnique({ where: { kind_term: { kind: 3, term: word } } }))?.articles;
    const wordBefore = await count();
    await client.article.delete({ where: { id: document.id } });
    expect(await archiveSize(client)).toBe(before - 1);
    expect(await count()).toBe(wordBefore! - 1);
  });
});
