// npm run bench:desk [-- --n 100000 --requests 30 --published 1000 --port 3291 --database URL --keep --only REGEX]
//
// Generates an archive of N articles (bench/desk-archive.ts: thousands of people and places,
// 200–2,000 credits, near-variant misspellings, ~25 captions each, plus one article with 500
// photos and ~5,000 words), imports it into a fresh database, starts the production server in
// its own process, signs in as an editor and prints p50/p95 over repeated requests for the
// desk's pages, searches, the editor, the fact-check, a save and a publish, and the reader's
// section, tag and author pages (bench/desk-taxonomy.ts publishes a sample for them); then the server's
// peak RSS and the import rate. `--database URL` reuses an archive a previous `--keep` run left
// (no generation or import); `--only REGEX` measures only the lines whose label matches. Figures
// only; the goals are in issue 9.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { projectPath } from "@/lib/project-root";
import { COMMON_WORD, generateArchive, LONG_ARTICLE_MARK, RARE_WORD } from "./desk-archive";
import { giveTaxonomy, SECTIONS, taxonomySlugs } from "./desk-taxonomy";
import { DeskClient, serverActionIds, startProductionServer, type ProductionServer } from "./support/desk-server";
import { DraftPacker, type DraftReceipts } from "@/lib/factcheck/draft-packing";

/** The receipts in a server action's answer (its RSC payload's JSON line holding them). */
function receiptsIn(text: string): DraftReceipts | undefined {
  const match = /"receipts":(\{"body":\[[^\]]*\],"captions":\[[^\]]*\],"photos":"[0-9a-f]+"\})/.exec(text);
  return match ? (JSON.parse(match[1]) as DraftReceipts) : undefined;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

interface Timing {
  label: string;
  samples: number[];
  /** Requests that failed (their messages, the first few): reported, not timed. */
  failures?: string[];
  goal?: number;
  note?: string;
  /** The server's RSS once the line's requests are over, and its peak during them. */
  rss?: { after: number; peak: number };
}

function printTiming(timing: Timing) {
  const failures = timing.failures ?? [];
  if (failures.length > 0) console.log(`  ${timing.label.padEnd(44)} ${failures.length} request(s) FAILED, first: ${failures[0].slice(0, 300)}`);
  if (timing.samples.length === 0) {
    console.log(`  ${timing.label.padEnd(44)} not measured${timing.note ? ` (${timing.note})` : ""}`);
    return;
  }
  const p50 = percentile(timing.samples, 50);
  const p95 = percentile(timing.samples, 95);
  const goal = timing.goal ? `   goal p95 <= ${timing.goal} ms ${p95 <= timing.goal ? "met" : "MISSED"}` : "";
  const rss = timing.rss ? `   server RSS ${megabytes(timing.rss.after)} (peak ${megabytes(timing.rss.peak)})` : "";
  console.log(
    `  ${timing.label.padEnd(44)} p50 ${p50.toFixed(1).padStart(7)} ms   p95 ${p95.toFixed(1).padStart(7)} ms   (n=${timing.samples.length})${goal}${rss}${timing.note ? `   ${timing.note}` : ""}`,
  );
}

/** Times one request; a failed one is counted in `failures` (so one 500 does not end the run). */
async function timed(samples: number[], run: () => Promise<void>, failures?: string[]) {
  const started = performance.now();
  try {
    await run();
  } catch (error) {
    if (!failures) throw error;
    failures.push((error as Error).message);
    return;
  }
  samples.push(performance.now() - started);
}

async function expectPage(client: DeskClient, pathname: string, mustContain?: string) {
  const response = await client.fetch(pathname);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${pathname} answered ${response.status}`);
  if (mustContain && !text.includes(mustContain)) throw new Error(`GET ${pathname} does not show "${mustContain}"`);
}

/** RSS of a process (kB in /proc), sampled: Linux only, like this machine. */
function rssOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

export default async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      n: { type: "string", default: "100000" },
      requests: { type: "string", default: "30" },
      port: { type: "string", default: process.env.PORT ?? "3291" },
      database: { type: "string" },
      keep: { type: "boolean", default: false },
      published: { type: "string", default: "1000" },
      // Only the lines whose label matches this (case-insensitive) regular expression: a quicker run while working on one of them.
      only: { type: "string" },
    },
  });
  const n = Number(values.n);
  const requests = Number(values.requests);
  const port = Number(values.port);
  const only = values.only ? new RegExp(values.only, "i") : null;
  const wanted = (label: string) => !only || only.test(label);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--n must be a positive whole number, not "${values.n}"`);

  const [{ createDatabaseClient }, { createScratchDatabase, testServer }, { importDocuments }, { createUser }] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/db/test-support/scratch-database"),
    import("@/lib/importer"),
    import("@/lib/auth/users"),
  ]);

  const server = values.database ? null : await testServer();
  const scratch = server ? await createScratchDatabase(server.adminUrl, "copydesk_benchdesk") : null;
  const databaseUrl = values.database ?? scratch!.url;
  // lib/ code called here (createUser) uses the one client, made from DATABASE_URL on first use.
  process.env.DATABASE_URL = databaseUrl;
  const client = createDatabaseClient(databaseUrl);
  const dataDir = projectPath(".data", "bench-desk");
  let production: ProductionServer | null = null;
  const cleanUp = async () => {
    await production?.stop();
    await client.$disconnect().catch(() => {});
    if (scratch && !values.keep) await scratch.drop();
    await server?.embedded?.stop();
  };
  const interrupted = () => void cleanUp().finally(() => process.exit(130));
  process.once("SIGINT", interrupted);

  try {
    let importLine = "Import:      reused the archive in --database (not measured)";
    if (scratch) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-benchdesk-"));
      try {
        let started = performance.now();
        const files = generateArchive(dir, n);
        console.log(`Generated ${files} documents in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        await client.$queryRawUnsafe("SELECT 1");
        let peak = process.memoryUsage().rss;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
        let lastReport = 0;
        started = performance.now();
        const summary = await importDocuments([dir], {
          db: client,
          keepResults: "problems",
          onProgress: (done, total) => {
            if (performance.now() - lastReport > 10_000 || done === total) {
              lastReport = performance.now();
              process.stderr.write(`  imported ${done}/${total}  rss ${megabytes(process.memoryUsage().rss)}\n`);
            }
          },
        });
        clearInterval(sampler);
        const seconds = (performance.now() - started) / 1000;
        importLine = `Import:      ${summary.created} documents (${summary.photos} photos) in ${seconds.toFixed(1)} s = ${(summary.created / seconds).toFixed(0)} documents/s, importer peak RSS ${megabytes(peak)}; ${summary.failed} failed`;
        console.log(importLine);
        if (summary.failed > 0) console.log(`  first failure: ${JSON.stringify(summary.results.find((result) => result.status === "failed"))}`);
        // What autovacuum does within a minute of a large import (PostgreSQL 13+ vacuums insert-only
        // tables too, which sets the visibility map index-only scans need); done here so the figures
        // do not depend on when it runs.
        await client.$executeRawUnsafe("VACUUM (ANALYZE)");
        if (values.keep) console.log(`Kept the database: --database ${databaseUrl}`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }

    const email = `bench-editor-${Date.now()}@bench.test`;
    const password = "bench-desk-password-1";
    const editor = await createUser({ email, name: "Bench Editor", role: "admin", password });
    // Sections for every article; tags, bylines and publication for a sample (bench/desk-taxonomy.ts).
    const given = scratch ? await giveTaxonomy(client, editor, { every: 50, maxPublished: Number(values.published) }) : null;
    if (given) {
      console.log(
        `Taxonomy:    ${SECTIONS.length} sections over the archive; ${given.published} articles tagged, bylined and published (${given.refused} refused) in ${given.seconds.toFixed(1)} s`,
      );
    }
    const taxonomy = given ?? (await taxonomySlugs(client));
    const [counts] = await client.$queryRawUnsafe<Array<{ articles: number; photos: number; credits: number }>>(
      `SELECT (SELECT count(*) FROM "Article")::int AS articles, (SELECT count(*) FROM "Photo")::int AS photos, (SELECT count(*) FROM "Credit")::int AS credits`,
    );
    const long = await client.article.findFirst({ where: { headline: { startsWith: LONG_ARTICLE_MARK } }, select: { id: true } });
    const sample = await client.article.findFirst({ where: { NOT: { headline: { startsWith: LONG_ARTICLE_MARK } } }, orderBy: { id: "asc" }, select: { id: true } });
    const credit = await client.credit.findFirst({ orderBy: { id: "asc" }, select: { id: true, photographer: true } });
    if (!long || !sample || !credit) throw new Error("The archive has no long article, article or credit.");
    const midName = credit.photographer.split(" ")[1] ?? credit.photographer;

    // The production server, in its own process (so its RSS is its own), on this database.
    production = await startProductionServer({ databaseUrl, port, dataDir });
    const { base } = production;
    console.log(`Server up in ${production.startSeconds.toFixed(1)} s (includes next build when sources changed)`);
    const serverPid = production.child.pid!;
    let peakRss = rssOf(serverPid);
    // The peak since the last line was printed too, so each line says what its requests grew.
    let linePeak = peakRss;
    const rssSampler = setInterval(() => {
      const rss = rssOf(serverPid);
      peakRss = Math.max(peakRss, rss);
      linePeak = Math.max(linePeak, rss);
    }, 50);
    const lineRss = () => {
      const after = rssOf(serverPid);
      const rss = { after, peak: Math.max(linePeak, after) };
      linePeak = after;
      return rss;
    };
    console.log(`Server RSS at start: ${megabytes(peakRss)}`);

    const desk = new DeskClient(base);
    await desk.signIn(email, password);
    const actions = serverActionIds();
    const checkAction = actions.get("checkArticleAction");
    const publishAction = actions.get("publishArticleAction");

    const timings: Timing[] = [];
    const measure = async (label: string, goal: number | undefined, run: () => Promise<void>, note?: string) => {
      if (!wanted(label)) return;
      const samples: number[] = [];
      const failures: string[] = [];
      // Warm-up: the first render of a route compiles nothing in production but fills caches.
      await timed([], run, failures);
      for (let index = 0; index < requests; index++) await timed(samples, run, failures);
      timings.push({ label, samples, failures, goal, note, rss: lineRss() });
      printTiming(timings[timings.length - 1]);
    };

    console.log(
      `\nCopydesk desk benchmark — ${counts.articles} articles, ${counts.photos} photos, ${counts.credits} credits; Node ${process.version}, ${os.cpus().length} CPU(s), ${requests} requests each after one warm-up`,
    );

    // The fact-check's first findings after a fresh start: the first call this process serves.
    const draftOf = async (id: string) => {
      const article = await client.article.findUniqueOrThrow({ where: { id }, include: { photos: { orderBy: { position: "asc" } } } });
      return {
        headline: article.headline,
        standfirst: article.standfirst,
        body: article.body,
        photos: article.photos.map((photo) => ({ id: photo.id, caption: photo.caption, alt: photo.alt, creditId: photo.creditId })),
      };
    };
    const factcheckLines = [
      "fact-check, first findings after a start",
      "fact-check, grammar findings too after a start",
      "fact-check, re-check (5,000 words, 500 photos)",
      "fact-check, re-check after a paragraph's edit (5,000 words)",
      "fact-check, re-check once settled (5,000 words, 500 photos)",
      "fact-check, re-check after a paragraph's edit, once settled (5,000 words)",
    ];
    // Any of its lines (`--only "re-check|first"` matched none of them against "fact-check" alone).
    if (!factcheckLines.some(wanted)) {
      // --only left the fact-check out.
    } else if (checkAction) {
      const draft = await draftOf(sample.id);
      const first: number[] = [];
      const firstFailures: string[] = [];
      await timed(first, async () => {
        const result = await desk.action(`/desk/articles/${sample.id}`, checkAction, [{ articleId: sample.id, ...draft }]);
        if (result.status !== 200 || !result.text.includes('"ok":true')) throw new Error(`checkArticleAction answered ${result.status}: ${result.text.slice(0, 300)}`);
      }, firstFailures);
      timings.push({ label: "fact-check, first findings after a start", samples: first, failures: firstFailures, goal: 500, rss: lineRss() });
      printTiming(timings[timings.length - 1]);
      // The grammar checker may still be loading then (the answer says so): the editor asks again
      // each second; this is how long after the start of the first check grammar was in an answer.
      const grammarStarted = performance.now() - (first[0] ?? 0);
      const grammar: number[] = [];
      for (let attempt = 0; attempt < 120; attempt++) {
        const result = await desk.action(`/desk/articles/${sample.id}`, checkAction, [{ articleId: sample.id, ...draft }]);
        if (!result.text.includes('"grammarPending":true')) {
          grammar.push(performance.now() - grammarStarted);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      timings.push({ label: "fact-check, grammar findings too after a start", samples: grammar, note: "first check to the first answer with grammar", rss: lineRss() });
      printTiming(timings[timings.length - 1]);
      const longDraft = await draftOf(long.id);
      // As the editor sends it (components/desk/factcheck/use-factcheck-run.ts): what the last
      // answer gave a handle for goes by its handle; the warm-up check sends everything.
      const packer = new DraftPacker();
      await measure("fact-check, re-check (5,000 words, 500 photos)", 50, async () => {
        const { sent, packed } = packer.pack(longDraft as unknown as Parameters<DraftPacker["pack"]>[0]);
        const result = await desk.action(`/desk/articles/${long.id}`, checkAction, [{ articleId: long.id, ...packed }]);
        if (result.status !== 200 || !result.text.includes('"ok":true')) throw new Error(`checkArticleAction answered ${result.status}: ${result.text.slice(0, 300)}`);
        packer.received(sent, receiptsIn(result.text));
      }, "HTTP round trip of the server action, unchanged blocks and captions sent by handle");
      // After a pause in typing: one paragraph changed each time (sent in full, the rest by handle).
      const blocks = (longDraft.body as unknown as { content: unknown[] }).content;
      const editMark = Date.now().toString(36);
      let edits = 0;
      await measure("fact-check, re-check after a paragraph's edit (5,000 words)", 50, async () => {
        edits++;
        const content = blocks.map((node, index) =>
          index === 1 + (edits % (blocks.length - 1)) ? { type: "paragraph", content: [{ type: "text", text: `An edited paragraph, ${editMark} ${edits}, about Maria Lopez in Valencia.` }] } : node,
        );
        const edited = { ...longDraft, body: { type: "doc", content } };
        const { sent, packed } = packer.pack(edited as unknown as Parameters<DraftPacker["pack"]>[0]);
        const result = await desk.action(`/desk/articles/${long.id}`, checkAction, [{ articleId: long.id, ...packed }]);
        if (result.status !== 200 || !result.text.includes('"ok":true')) throw new Error(`checkArticleAction answered ${result.status}: ${result.text.slice(0, 300)}`);
        packer.received(sent, receiptsIn(result.text));
      }, "one paragraph sent in full, the rest by handle; the whole engine runs");
      // The lines above start with the article's first check: its unseen words' spelling
      // suggestions (~10 ms each; this archive's made-up vocabulary gives it some 1,500) are being
      // worked out between checks, and grammar lints it for the first time, on both cores. These
      // are the editor's re-checks from when the answers say neither is pending.
      const settleStarted = performance.now();
      let settled = false;
      for (let attempt = 0; attempt < 240 && !settled; attempt++) {
        const { sent, packed } = packer.pack(longDraft as unknown as Parameters<DraftPacker["pack"]>[0]);
        const result = await desk.action(`/desk/articles/${long.id}`, checkAction, [{ articleId: long.id, ...packed }]);
        packer.received(sent, receiptsIn(result.text));
        settled = result.text.includes('"spellingPending":false') && result.text.includes('"grammarPending":false') && result.text.includes('"complete":true');
        if (!settled) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const settledAfter = `${((performance.now() - settleStarted) / 1000).toFixed(0)} s`;
      const settledNote = settled ? `from ${settledAfter} after the lines above, nothing pending` : `still pending after ${settledAfter}`;
      await measure("fact-check, re-check once settled (5,000 words, 500 photos)", 50, async () => {
        const { sent, packed } = packer.pack(longDraft as unknown as Parameters<DraftPacker["pack"]>[0]);
        const result = await desk.action(`/desk/articles/${long.id}`, checkAction, [{ articleId: long.id, ...packed }]);
        if (result.status !== 200 || !result.text.includes('"ok":true')) throw new Error(`checkArticleAction answered ${result.status}: ${result.text.slice(0, 300)}`);
        packer.received(sent, receiptsIn(result.text));
      }, `${settledNote}; unchanged blocks and captions by handle`);
      await measure("fact-check, re-check after a paragraph's edit, once settled (5,000 words)", 50, async () => {
        edits++;
        const content = blocks.map((node, index) =>
          index === 1 + (edits % (blocks.length - 1)) ? { type: "paragraph", content: [{ type: "text", text: `An edited paragraph, ${editMark} ${edits}, about Maria Lopez in Valencia.` }] } : node,
        );
        const { sent, packed } = packer.pack({ ...longDraft, body: { type: "doc", content } } as unknown as Parameters<DraftPacker["pack"]>[0]);
        const result = await desk.action(`/desk/articles/${long.id}`, checkAction, [{ articleId: long.id, ...packed }]);
        if (result.status !== 200 || !result.text.includes('"ok":true')) throw new Error(`checkArticleAction answered ${result.status}: ${result.text.slice(0, 300)}`);
        packer.received(sent, receiptsIn(result.text));
      }, `${settledNote}; one paragraph in full, the whole engine runs`);
    } else {
      timings.push({ label: "fact-check", samples: [], note: "checkArticleAction not found in the build's manifest" });
      printTiming(timings[timings.length - 1]);
    }

    await measure("/desk", 150, () => expectPage(desk, "/desk", "Articles"));
    // Page 2 alone: its link is read once from page 1, outside the timing (an editor clicks it).
    if (wanted("/desk, page 2 (keyset)")) {
      const html = await (await desk.fetch("/desk")).text();
      const next = /href="(\/desk\?after=[^"]+)"/.exec(html)?.[1]?.replaceAll("&amp;", "&");
      if (!next) throw new Error("No next page link on /desk");
      await measure("/desk, page 2 (keyset)", 150, () => expectPage(desk, next));
    }
    await measure(`search, common word "${COMMON_WORD}"`, 150, () => expectPage(desk, `/desk?q=${COMMON_WORD}`));
    await measure(`search, rare word "${RARE_WORD}"`, 150, () => expectPage(desk, `/desk?q=${RARE_WORD}`));
    await measure(`search, a photographer's name "${midName}"`, 150, () => expectPage(desk, `/desk?q=${encodeURIComponent(midName)}`));
    await measure(`search, phrase + exclusion`, 150, () => expectPage(desk, `/desk?q=${encodeURIComponent(`"${COMMON_WORD} gather" -${RARE_WORD}`)}`));
    await measure("search + status + date filters", 150, () => expectPage(desk, `/desk?q=${COMMON_WORD}&status=draft&from=2018-01-01&to=2019-12-31`));
    await measure("/desk filtered by credit", 150, () => expectPage(desk, `/desk?credit=${credit.id}`));
    await measure("/desk/credits", 150, () => expectPage(desk, "/desk/credits", "Photo credits"));
    await measure("/desk/credits?q=… (search)", 150, () => expectPage(desk, `/desk/credits?q=${encodeURIComponent(midName)}`));
    await measure("/desk/dictionary", 150, () => expectPage(desk, "/desk/dictionary"));
    await measure("/desk/audit", 150, () => expectPage(desk, "/desk/audit", "Audit log"));
    await measure("/corrections (readers)", 150, () => expectPage(desk, "/corrections"));
    const reader = new DeskClient(base);
    await measure(`/sections/${taxonomy.section} (readers)`, 150, () => expectPage(reader, `/sections/${taxonomy.section}`));
    await measure(`/tags/${taxonomy.tag} (readers)`, 150, () => expectPage(reader, `/tags/${taxonomy.tag}`));
    await measure(`/authors/${taxonomy.author} (readers)`, 150, () => expectPage(reader, `/authors/${taxonomy.author}`));
    await measure("/sitemap.xml (readers)", 150, () => expectPage(reader, "/sitemap.xml"));
    await measure("editor open, ordinary article", 300, () => expectPage(desk, `/desk/articles/${sample.id}`));
    await measure("editor open, 500 photos + 5,000 words", 300, () => expectPage(desk, `/desk/articles/${long.id}`));

    // Saves of the long article, each changing one caption (what autosave sends).
    const longDraft = await draftOf(long.id);
    let version = (await client.article.findUniqueOrThrow({ where: { id: long.id }, select: { version: true } })).version;
    let edit = 0;
    // Captions unique to this run: on a reused archive (--database) a caption a previous run wrote
    // would make its save change nothing, and the publish after it be refused.
    const runMark = Date.now().toString(36);
    const saveOnce = async () => {
      edit++;
      const photos = longDraft.photos.map((photo, index) =>
        index === edit % longDraft.photos.length
          ? { ...photo, caption: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: `Edited caption ${runMark}-${edit}` }] }] } }
          : photo,
      );
      const response = await desk.fetch(`/api/articles/${long.id}/save`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base },
        body: JSON.stringify({ articleId: long.id, expectedVersion: version, ...longDraft, photos }),
      });
      const result = (await response.json()) as { version?: number; error?: string };
      if (response.status !== 200 || !result.version) throw new Error(`save answered ${response.status}: ${result.error}`);
      version = result.version;
    };
    await measure("save, 500 photos + 5,000 words (one caption changed)", 100, saveOnce);

    if (!wanted("publish")) {
      // --only left publishing out.
    } else if (publishAction) {
      // An archive reused with --database (or a sample giveTaxonomy published) has readers already:
      // then every publication here is a silent fix, as an editor would choose for a caption edit.
      const { firstPublishedAt } = await client.article.findUniqueOrThrow({ where: { id: long.id }, select: { firstPublishedAt: true } });
      let publications = firstPublishedAt === null ? 0 : 1;
      const publishSamples: number[] = [];
      for (let index = 0; index <= requests; index++) {
        await saveOnce();
        const started = performance.now();
        const kind = publications === 0 ? undefined : "silent";
        const result = await desk.action(`/desk/articles/${long.id}`, publishAction, [{ articleId: long.id, expectedVersion: version, kind }]);
        const elapsed = performance.now() - started;
        if (result.status !== 200 || !result.text.includes('"ok":true')) throw new Error(`publish answered ${result.status}: ${result.text.slice(0, 300)}`);
        if (publications > 0) publishSamples.push(elapsed);
        publications++;
      }
      timings.push({ label: "publish, 500 photos + 5,000 words", samples: publishSamples, goal: 300, note: "server action over HTTP", rss: lineRss() });
    } else {
      timings.push({ label: "publish", samples: [], note: "publishArticleAction not found in the build's manifest" });
    }
    if (wanted("publish")) printTiming(timings[timings.length - 1]);

    clearInterval(rssSampler);
    console.log("\nSummary:");
    console.log(`  ${importLine.replace(/^Import:\s+/, "import: ")}`);
    console.log(`  server peak RSS during the requests: ${megabytes(peakRss)} (goal <= 500 MB)`);
    const missed = timings.filter((timing) => timing.goal && timing.samples.length && percentile(timing.samples, 95) > timing.goal);
    console.log(missed.length ? `  goals missed: ${missed.map((timing) => timing.label).join("; ")}` : "  every measured goal met");
    return 0;
  } finally {
    process.off("SIGINT", interrupted);
    await cleanUp();
  }
}
