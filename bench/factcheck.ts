// Fact-check speed: the seed articles and a 5,000-word article checked against an archive of
// 10,000 synthetic articles. The archive index is built once and updated one article at a time;
// the figures below time each part separately.
//
//   npm run bench:factcheck            (node bin/copydesk.mjs run-script bench/factcheck.ts)
//   node --expose-gc bin/copydesk.mjs run-script bench/factcheck.ts --articles 10000 --runs 40
//   npx tsx --conditions react-server bench/factcheck.ts   (lib/factcheck is server-only)
//   npm run bench:factcheck -- --profile recheck.cpuprofile   (a CPU profile of the long article's re-checks)
//   npm run bench:factcheck -- --baseline   (the long article's re-checks also on a checker keeping no
//                                            paragraphs, interleaved with the others: same load, same run)

import fs from "node:fs";
import path from "node:path";
import { Session } from "node:inspector/promises";
import { parseArgs } from "node:util";
import dictionary from "dictionary-en";
import { createFactChecker, type CheckField } from "@/lib/factcheck";
import { loadGrammarLinter } from "@/lib/factcheck/resources";
import { readSeedFormat } from "@/lib/factcheck/fixtures/read-seed-format";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { articles: { type: "string", default: "10000" }, runs: { type: "string", default: "40" }, profile: { type: "string" }, baseline: { type: "boolean", default: false } },
  allowPositionals: true,
});
const ARCHIVE_SIZE = Number(values.articles);
const RUNS = Number(values.runs);

// A small deterministic generator, so every run checks the same text.
let state = 0x2545f491;
function random(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 0x100000000;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const capitalise = (word: string) => word[0].toUpperCase() + word.slice(1);

// Ordinary words from the English dictionary itself, so the text is spelled right unless we say.
const vocabulary = new TextDecoder()
  .decode(dictionary.dic)
  .split("\n")
  .map((line) => line.split("/")[0])
  .filter((word) => /^[a-z]{3,10}$/.test(word));
const words = Array.from({ length: 4000 }, () => pick(vocabulary));
const FUNCTION_WORDS = ["the", "a", "of", "in", "to", "and", "on", "with", "for", "at", "by", "after", "before"];

// Invented names: many distinct surnames, as a real archive has, from syllables.
const SYLLABLES = ["ka", "mar", "chand", "lo", "vin", "ge", "gaard", "pe", "ro", "sen", "ov", "ski", "son", "ton", "ley", "ber", "di", "ni", "ez", "tra", "mu", "kel", "dor", "an", "bri", "zo", "fel", "hart", "qui", "nak"];
function inventName(minSyllables: number, maxSyllables: number): string {
  const count = minSyllables + Math.floor(random() * (maxSyllables - minSyllables + 1));
  return capitalise(Array.from({ length: count }, () => pick(SYLLABLES)).join(""));
}
const unique = (make: () => string, count: number) => {
  const names = new Set<string>();
  while (names.size < count) names.add(make());
  return [...names];
};
const firstNames = unique(() => inventName(2, 2), 600);
const surnames = unique(() => inventName(2, 3), 8000);
const places = unique(() => inventName(2, 3), 800);
const venues = places.slice(0, 200).map((place) => pick([`Stade de ${place}`, `${place} Arena`, `University of ${place}`, `${place} City Hall`]));
const AGENCIES = ["AP", "Reuters", "AFP", "PA", "Getty Images", "EPA"];
const people = Array.from({ length: 3000 }, () => `${pick(firstNames)} ${pick(surnames)}`);

function sentence(names: string[]): string {
  const length = 8 + Math.floor(random() * 12);
  const parts: string[] = [];
  for (let i = 0; i < length; i++) {
    const word = random() < 0.3 ? pick(FUNCTION_WORDS) : pick(words);
    if (word !== parts.at(-1)) parts.push(word); // no accidental "the the"
  }
  const name = pick(names);
  parts.splice(1 + Math.floor(random() * (parts.length - 1)), 0, name);
  if (random() < 0.4) parts.push("in", pick(random() < 0.5 ? places : venues));
  return `${capitalise(parts.join(" "))}.`;
}

function article(wordTarget: number): CheckField[] {
  const cast = Array.from({ length: 4 }, () => pick(people));
  const body: string[] = [];
  let count = 0;
  while (count < wordTarget) {
    const paragraph = Array.from({ length: 3 + Math.floor(random() * 3) }, () => sentence(cast)).join(" ");
    count += paragraph.split(" ").length;
    body.push(paragraph);
  }
  const fields: CheckField[] = [
    { key: "headline", kind: "headline", blocks: [`${pick(cast)} ${pick(words)} ${pick(words)} in ${pick(places)}`] },
    { key: "body", kind: "body", blocks: body },
  ];
  const pictures = 3 + Math.floor(random() * 4);
  for (let i = 0; i < pictures; i++) {
    fields.push({ key: `caption:${i}`, kind: "caption", blocks: [`${pick(cast)} ${pick(words)} the ${pick(words)} in ${pick(places)}`] });
    fields.push({ key: `credit:${i}`, kind: "credit", blocks: [`${pick(AGENCIES)}/${pick(firstNames)} ${pick(surnames)}`] });
  }
  return fields;
}

// Slips of the kinds the checker looks for, typed into a copy of the long article.
function withErrors(fields: CheckField[]): CheckField[] {
  const copy = structuredClone(fields);
  const body = copy.find((field) => field.key === "body")!;
  for (let i = 0; i < 10; i++) {
    const paragraph = Math.floor(random() * body.blocks.length);
    body.blocks[paragraph] = body.blocks[paragraph].replace(/ ([a-z]{5,}) /, (_m, word: string) => ` ${word.slice(0, 2)}${word[3]}${word[2]}${word.slice(4)} `);
  }
  const surname = /[A-Z][a-z]+ ([A-Z][a-z]{5,})/.exec(body.blocks[0])?.[1];
  if (surname) body.blocks.push(`The story ended with ${surname.slice(0, -2)}${surname.at(-1)}${surname.at(-2)} the the end.`);
  return copy;
}

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95), max: sorted.at(-1)! };
};
const ms = (n: number) => `${n.toFixed(2)} ms`;
function time<T>(run: () => T): [T, number] {
  const start = performance.now();
  const result = run();
  return [result, performance.now() - start];
}
// The machine is shared: CPU time of this process shows the work itself, wall time what an
// editor would wait.
function timeBoth(run: () => unknown): { wall: number; cpu: number } {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  run();
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}
function report(label: string, samples: Array<{ wall: number; cpu: number }>, note = "") {
  const wall = stats(samples.map((s) => s.wall));
  const cpu = stats(samples.map((s) => s.cpu));
  console.log(`  ${label.padEnd(42)}wall median ${ms(wall.median)}, p95 ${ms(wall.p95)}; CPU median ${ms(cpu.median)}, p95 ${ms(cpu.p95)}${note}`);
}

console.log(`Fact-check benchmark: archive of ${ARCHIVE_SIZE.toLocaleString("en")} synthetic articles, ${RUNS} runs per figure`);

const loadStart = performance.now();
const houseDictionary = [{ canonical: "Stade de France", variants: ["State de France"] }];
const checker = await createFactChecker({ houseDictionary });
console.log(`  dictionary load (once per process)        ${ms(performance.now() - loadStart)}`);
// --baseline: the same archive on a checker that keeps no paragraphs between checks.
const baseline = values.baseline ? await createFactChecker({ houseDictionary, paragraphCacheBytes: 0 }) : null;

// Articles are generated one at a time and dropped once indexed, so the heap figure is the index.
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
let buildMs = 0;
let archiveWords = 0;
for (let i = 0; i < ARCHIVE_SIZE; i++) {
  const fields = article(350);
  archiveWords += fields.reduce((n, f) => n + f.blocks.join(" ").split(" ").length, 0);
  buildMs += time(() => checker.addArchiveDocument(`a${i}`, fields))[1];
  baseline?.addArchiveDocument(`a${i}`, fields);
}
console.log(`  archive index build                       ${ms(buildMs)}  (${(buildMs / ARCHIVE_SIZE).toFixed(3)} ms/article, ${(archiveWords / 1e6).toFixed(1)}M words)`);
gc?.();
const indexMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
console.log(`  archive index size on the heap            ${indexMb.toFixed(0)} MB${gc ? "" : "  (approximate: run node with --expose-gc for an exact figure)"}${baseline ? " (two checkers: --baseline)" : ""}`);

const extra = Array.from({ length: RUNS }, () => article(350));
report("incremental add, one article", extra.map((fields, i) => timeBoth(() => checker.addArchiveDocument(`new${i}`, fields))));
report("incremental update (same id)", extra.map((fields, i) => timeBoth(() => checker.addArchiveDocument(`new${i}`, fields))));
report("incremental remove", extra.map((_, i) => timeBoth(() => checker.removeArchiveDocument(`new${i}`))));

const seedsDir = path.resolve(import.meta.dirname, "../seeds");
const seeds = fs
  .readdirSync(seedsDir)
  .filter((file) => file.endsWith(".txt"))
  .map((file) => ({ file, fields: readSeedFormat(fs.readFileSync(path.join(seedsDir, file), "utf8")).fields }));
for (const { file, fields } of seeds) {
  const [findings, first] = time(() => checker.check(fields));
  const runs = Array.from({ length: RUNS }, () => timeBoth(() => checker.check(fields)));
  report(`seed ${file}`, runs, `  (first ${ms(first)}, ${findings.length} findings)`);
}

const long = withErrors(article(5000));
const longWords = long.reduce((n, f) => n + f.blocks.join(" ").split(" ").length, 0);
const [findings, first] = time(() => checker.check(long));
console.log(`  ${longWords.toLocaleString("en")}-word article, first check: ${ms(first)} (${findings.length} findings; spelling suggestions and name look-ups are cached after it)`);
// --profile <file>: a CPU profile of these re-checks (open it in Chrome's DevTools).
const session = values.profile ? new Session() : null;
if (session) {
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
}
baseline?.check(long);
// With --baseline each run times the baseline check right after the other, so both see the same load.
const rechecks = Array.from({ length: RUNS }, () => [timeBoth(() => checker.check(long)), baseline ? timeBoth(() => baseline.check(long)) : null] as const);
report(`${longWords.toLocaleString("en")}-word article, re-check`, rechecks.map(([run]) => run), "  (goal: under 50 ms)");
if (baseline) report(`  the same, keeping no paragraphs`, rechecks.map(([, run]) => run!));
if (session) {
  const { profile } = await session.post("Profiler.stop");
  fs.writeFileSync(values.profile!, JSON.stringify(profile));
  session.disconnect();
}

// While typing, the text changes a little between checks: time checks of fresh edits.
const typing = Array.from({ length: RUNS }, (_, i) => {
  const edited = structuredClone(long);
  const body = edited.find((field) => field.key === "body")!;
  body.blocks[i % body.blocks.length] += ` ${pick(words)} ${pick(words)}.`;
  return [timeBoth(() => checker.check(edited)), baseline ? timeBoth(() => baseline.check(edited)) : null] as const;
});
report(`${longWords.toLocaleString("en")}-word article, after an edit`, typing.map(([run]) => run));
if (baseline) report(`  the same, keeping no paragraphs`, typing.map(([, run]) => run!));

// After the archive changes (another article saved), cached look-ups for affected names go.
const afterArchiveChange = Array.from({ length: Math.min(RUNS, 20) }, (_, i) => {
  checker.addArchiveDocument(`saved${i}`, article(350));
  return timeBoth(() => checker.check(long));
});
report(`${longWords.toLocaleString("en")}-word article, after an archive save`, afterArchiveChange);

// Grammar (harper.js) runs apart from `check`, so its findings arrive a moment after the name
// findings: the checker starts once per worker, then lints every paragraph once, then only the
// paragraphs that changed.
async function timeBothAsync(run: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await run();
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}
const grammarStart = performance.now();
await loadGrammarLinter();
console.log(`  grammar checker start-up (once per worker) ${ms(performance.now() - grammarStart)}`);
const grammarFirstStart = performance.now();
const grammarFindings = await checker.checkGrammar(long);
console.log(`  ${longWords.toLocaleString("en")}-word article, first grammar check: ${ms(performance.now() - grammarFirstStart)} (${grammarFindings.length} findings; each paragraph's lint is cached after it)`);
const grammarRuns: Array<{ wall: number; cpu: number }> = [];
for (let i = 0; i < RUNS; i++) grammarRuns.push(await timeBothAsync(() => checker.checkGrammar(long)));
report(`${longWords.toLocaleString("en")}-word article, grammar re-check`, grammarRuns, "  (arrives after the name findings)");
const grammarEdits: Array<{ wall: number; cpu: number }> = [];
for (let i = 0; i < RUNS; i++) {
  const edited = structuredClone(long);
  const body = edited.find((field) => field.key === "body")!;
  body.blocks[i % body.blocks.length] += ` ${pick(words)} ${pick(words)} grammar ${i}.`;
  grammarEdits.push(await timeBothAsync(() => checker.checkGrammar(edited)));
}
report(`${longWords.toLocaleString("en")}-word article, grammar after an edit`, grammarEdits);

console.log("\n  Findings on the seeds against this archive:");
for (const { file, fields } of seeds) {
  for (const finding of [...checker.check(fields), ...(await checker.checkGrammar(fields))]) {
    console.log(`    ${file.slice(0, 3)} ${finding.confidence.toFixed(2)} ${finding.rule.padEnd(16)} ${JSON.stringify(finding.text)} → ${JSON.stringify(finding.suggestion ?? null)}`);
  }
}
