import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabaseClient } from "@/lib/db";
import { createScratchDatabase, testServer } from "@/lib/db/test-support/scratch-database";
import { ArchiveCache, archiveSize, assessWithArchive, validate, writeArchiveContributionDelta, writeArchiveContributions } from "@/lib/factcheck/archive-store";
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

  it("answers a re-check from its cache, bounded in bytes, and drops only what another transaction's write moved", async () => {
    const cache = new ArchiveCache(256 * 1024);
    const [document] = set.documents;
    await assessWithArchive(memory, document.fields, { excludeArchiveId: document.id }, { client, cache });
    expect(cache.size).toBeGreaterThan(0);
    expect(cache.bytes).toBeLessThanOrEqual(256 * 1024);
    const held = cache.size;
    // Written again as it is: its counts do not move, only its own row is dropped.
    await writeArchiveContributions(client, [{ articleId: document.id, ...memory.archiveContribution(document.fields) }]);
    await assessWithArchive(memory, document.fields, { excludeArchiveId: document.id }, { client, cache });
    expect(cache.dropped).toEqual({ entries: 1, all: 0 });
    expect(cache.size).toBe(held);
  });

  it("never answers from what another instance's commit made stale: a warm cache checks as a fresh one does after every write", async () => {
    // Two instances: `warm` has checked every document; another process's transactions then move
    // the counts (one document takes another's text, one takes a near variant of a name it uses,
    // one loses its text), and every document is checked again on the warm cache and a fresh one.
    const warm = new ArchiveCache(64 * 1024 * 1024);
    const checkAll = async (cache: ArchiveCache) => {
      const outcomes = [];
      for (const document of set.documents) outcomes.push((await assessWithArchive(memory, document.fields, { excludeArchiveId: document.id }, { client, cache })).findings);
      return outcomes;
    };
    await checkAll(warm);
    const other = createDatabaseClient(scratch.url);
    try {
      const [a, b, c] = set.documents;
      const fieldsWithVariant = c.fields.map((field) => ({ ...field, blocks: field.blocks.map((text) => text.replace(/\b([A-Z][a-z]{4,})\b/, (name) => `${name.slice(0, -1)}${name.endsWith("a") ? "e" : "a"}`)) }));
      const writes = [
        [{ articleId: a.id, ...memory.archiveContribution(b.fields) }],
        [{ articleId: c.id, ...memory.archiveContribution(fieldsWithVariant) }],
        [{ articleId: b.id, ...memory.archiveContribution([{ key: "headline", kind: "headline" as const, blocks: ["Short"] }]) }],
      ];
      for (const rows of writes) {
        await other.$transaction((tx) => writeArchiveContributions(tx, rows));
        const dropsBefore = warm.dropped.all;
        expect(await checkAll(warm)).toEqual(await checkAll(new ArchiveCache(64 * 1024 * 1024)));
        // Per term: the cache was not dropped whole.
        expect(warm.dropped.all).toBe(dropsBefore);
      }
      expect(warm.dropped.entries).toBeGreaterThan(0);
      // Put back, for the tests after this one.
      await other.$transaction((tx) => writeArchiveContributions(tx, [a, b, c].map((document) => ({ articleId: document.id, ...memory.archiveContribution(document.fields) }))));
    } finally {
      await other.$disconnect();
    }
  });

  it("sees a transaction that committed after a later one it had already seen", async () => {
    // A sequence number read in commit order misses the writer that took its number first and
    // committed last; the snapshot of ArchiveChange does not.
    const cache = new ArchiveCache(8 * 1024 * 1024);
    const [document] = set.documents;
    const theirs = new Set(memory.archiveContribution(set.archive[1].fields).words);
    // A word the first writer's article gains: its count moves.
    const word = memory.archiveContribution(document.fields).words.find((candidate) => !theirs.has(candidate))!;
    const first = createDatabaseClient(scratch.url);
    const second = createDatabaseClient(scratch.url);
    try {
      await assessWithArchive(memory, document.fields, { excludeArchiveId: document.id }, { client, cache });
      const count = () => cache.get(`3\u0000${word}`);
      expect(count()).toBeGreaterThan(0);
      let commitFirst!: () => void;
      const firstMayCommit = new Promise<void>((resolve) => (commitFirst = resolve));
      let firstWrote!: () => void;
      const firstHasWritten = new Promise<void>((resolve) => (firstWrote = resolve));
      const slow = first.$transaction(async (tx) => {
        await writeArchiveContributions(tx, [{ articleId: set.archive[1].id, ...memory.archiveContribution(document.fields) }]);
        firstWrote();
        await firstMayCommit;
      });
      await firstHasWritten;
      // A later transaction commits first and the reader sees it.
      await second.$transaction((tx) => writeArchiveContributions(tx, [{ articleId: set.archive[2].id, ...memory.archiveContribution(set.archive[2].fields) }]));
      await validate(client, cache);
      expect(count()).toBeGreaterThan(0);
      commitFirst();
      await slow;
      // The first one's move of `word` is seen at the next look.
      await validate(client, cache);
      expect(count()).toBeUndefined();
      await first.$transaction((tx) => writeArchiveContributions(tx, [{ articleId: set.archive[1].id, ...memory.archiveContribution(set.archive[1].fields) }]));
    } finally {
      await Promise.all([first.$disconnect(), second.$disconnect()]);
    }
  });

  it("answers an identical re-check from the last one until the text, the options or the archive change", async () => {
    const cache = new ArchiveCache(8 * 1024 * 1024);
    let runs = 0;
    const counting = new Proxy(memory, {
      get(target, key) {
        if (key !== "assessAgainst") return Reflect.get(target, key);
        return (...args: Parameters<FactChecker["assessAgainst"]>) => {
          runs++;
          return target.assessAgainst(...args);
        };
      },
    });
    const document = set.documents.find((candidate) => memory.check(candidate.fields, { excludeArchiveId: candidate.id }).length > 0)!;
    const options = { excludeArchiveId: document.id };
    const check = (fields = document.fields, keep = true) => assessWithArchive(counting, fields, options, { client, cache, reuse: { keep: () => keep } });
    const first = await check();
    const before = runs;
    expect(await check()).toEqual(first);
    expect(runs).toBe(before);
    // Edited: weighed again.
    const edited = document.fields.map((field, index) => (index === 0 ? { ...field, blocks: [`${field.blocks[0]} again`] } : field));
    expect((await check(edited)).findings).toEqual(memory.check(edited, options));
    expect(runs).toBeGreaterThan(before);
    // Another transaction wrote the archive: weighed again, as a fresh cache would.
    await check();
    const settled = runs;
    await writeArchiveContributions(client, [{ articleId: set.archive[0].id, ...memory.archiveContribution(set.archive[0].fields) }]);
    expect((await check()).findings).toEqual(memory.check(document.fields, options));
    expect(runs).toBeGreaterThan(settled);
    // Not kept when the caller says it was not complete (a spelling suggestion deferred).
    const dropped = runs;
    await check(edited, false);
    await check(edited, false);
    expect(runs).toBe(dropped + 2);
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
        // What the check workers' caches learn of the write (the log's last row, in this transaction).
        logged: await tx.$queryRawUnsafe(
          `SELECT ARRAY(SELECT t FROM unnest(terms) AS t ORDER BY t COLLATE "C") AS terms, articles, everything FROM "ArchiveChange" ORDER BY xid DESC, at DESC LIMIT 1`,
        ),
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
