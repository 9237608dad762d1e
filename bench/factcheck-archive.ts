// The fact-check against a PostgreSQL archive, in parts: what a cold check of one article asks
// the archive (terms, near-variant keys, skeletons), how long that read takes, the rules, and
// grammar; then warm re-checks. Run it on an archive `npm run bench:desk -- --keep` left:
//
//   DATABASE_URL=postgresql://… npm run bench:factcheck:archive [-- --article <id> --runs 10]
//
// --profile <file> [--profile-part cold|warm] writes a CPU profile of that part. Without --article it checks the bench's long article (500 photos, ~5,000 words). Figures only.

import fs from "node:fs";
import { Session } from "node:inspector/promises";
import { parseArgs } from "node:util";
import { db, disconnectDatabase } from "@/lib/db";
import { archiveChecker, archiveSelect, storedFields } from "@/lib/factcheck/archive";
import { ArchiveCache, assessWithArchive, describeArchiveRead } from "@/lib/factcheck/archive-store";
import { loadGrammarLinter } from "@/lib/factcheck/resources";
import { LONG_ARTICLE_MARK } from "./desk-archive";

const ms = (value: number) => `${value.toFixed(1)} ms`;
const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

export default async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { article: { type: "string" }, runs: { type: "string", default: "10" }, profile: { type: "string" }, "profile-part": { type: "string", default: "cold" } } });
  const runs = Number(values.runs);
  try {
  const article = await db.article.findFirstOrThrow({
    where: values.article ? { id: values.article } : { headline: { startsWith: LONG_ARTICLE_MARK } },
    select: archiveSelect,
  });
  const fields = storedFields(article);
  if (!fields) throw new Error(`Article ${article.id} does not fit the editor schema.`);
  const words = fields.reduce((sum, field) => sum + field.blocks.reduce((n, block) => n + block.split(/\s+/).length, 0), 0);
  const [{ articles }] = await db.$queryRawUnsafe<Array<{ articles: number }>>(`SELECT count(*)::int AS articles FROM "Article"`);

  let started = performance.now();
  const checker = await archiveChecker();
  const linter = await loadGrammarLinter();
  await linter.lint("A warm-up sentence.");
  console.log(`Fact-check against the PostgreSQL archive — ${articles} articles; article ${article.id}: ${fields.length} fields, ~${words} words`);
  console.log(`  dictionaries, gazetteer and grammar loaded     ${ms(performance.now() - started)}`);

  const read = await describeArchiveRead(checker, fields, article.id);
  console.log(
    `  read ahead: ${read.terms} terms, ${read.nearForms} forms → ${read.nearKeys} near-variant keys, ${read.skeletons} skeletons; ${read.rows} rows in ${ms(read.ms)}`,
  );

  const cache = new ArchiveCache(32 * 1024 * 1024);
  // --profile <file> [--profile-part cold|warm]: a CPU profile of the cold check or of the warm
  // re-checks (open it in Chrome's DevTools).
  const session = values.profile ? new Session() : null;
  const startProfile = async (part: string) => {
    if (!session || values["profile-part"] !== part) return;
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  };
  const stopProfile = async (part: string) => {
    if (!session || values["profile-part"] !== part) return;
    const { profile } = await session.post("Profiler.stop");
    fs.writeFileSync(values.profile!, JSON.stringify(profile));
    session.disconnect();
  };
  await startProfile("cold");
  started = performance.now();
  const cold = await assessWithArchive(checker, fields, { excludeArchiveId: article.id }, { cache });
  console.log(
    `  cold check (read ahead + rules)                ${ms(performance.now() - started)}  ${cold.findings.length} findings, complete ${cold.complete}; cache ${cache.size} entries, ${(cache.bytes / 1024 / 1024).toFixed(1)} MB`,
  );
  await stopProfile("cold");
  started = performance.now();
  const grammar = await checker.checkGrammar(fields, {});
  console.log(`  grammar, first run                             ${ms(performance.now() - started)}  ${grammar.length} findings`);

  const warm: number[] = [];
  const warmGrammar: number[] = [];
  await startProfile("warm");
  for (let run = 0; run < runs; run++) {
    started = performance.now();
    await assessWithArchive(checker, fields, { excludeArchiveId: article.id }, { cache });
    warm.push(performance.now() - started);
    started = performance.now();
    await checker.checkGrammar(fields, {});
    warmGrammar.push(performance.now() - started);
  }
  await stopProfile("warm");
  console.log(`  re-check, names (warm cache)    p50 ${ms(percentile(warm, 50))}  p95 ${ms(percentile(warm, 95))}  (n=${runs}; goal ≤ 50 ms)`);
  console.log(`  re-check, grammar (cached)      p50 ${ms(percentile(warmGrammar, 50))}  p95 ${ms(percentile(warmGrammar, 95))}`);
  return 0;
  } finally {
    await disconnectDatabase();
  }
}
