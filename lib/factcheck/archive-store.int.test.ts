import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabaseClient } from "@/lib/db";
import { createScratchDatabase, testServer } from "@/lib/db/test-support/scratch-database";
import { ArchiveCache, archiveSize, assessWithArchive, writeArchiveContributions } from "@/lib/factcheck/archive-store";
import { createFactChecker } from "@/lib/factcheck/fact-checker";
import { loadLabelledSet, type LabelledSet } from "@/lib/factcheck/fixtures/labelled-set";
import type { FactChecker } from "@/lib/factcheck/types";

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
