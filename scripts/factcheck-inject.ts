// Recall on real text: copies a folder of wire documents (the importer's format) with errors put
// in the way reporters make them, and writes the labels `factcheck-realtext.ts --labels` reads.
// Per document, where the text allows: one name spelled a second way, one typo, one misspelled
// place (a place the text names once, so only knowledge beyond the article can catch it) and two
// grammar slips of the four kinds the checker targets (a/an before a plural, a plural subject with
// a singular verb, its/it's, a doubled word), the kinds taken in turn across documents. Choices
// are random but seeded: the same folder and seed give the same copies.
//
//   node bin/copydesk.mjs run-script scripts/factcheck-inject.ts <dir> <out-dir> [--seed 1]
//   node bin/copydesk.mjs run-script scripts/factcheck-realtext.ts <out-dir> --labels <out-dir>/labels.json

import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadGazetteer, loadSpeller } from "@/lib/factcheck/resources";

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: { seed: { type: "string", default: "1" } },
  allowPositionals: true,
});
const [inDir, outDir] = positionals;
if (!inDir || !outDir) {
  console.error("usage: factcheck-inject.ts <dir> <out-dir> [--seed N]");
  process.exit(2);
}

const [speller, gazetteer] = await Promise.all([loadSpeller(), loadGazetteer()]);

function random(seedText: string): () => number {
  let h = 2166136261;
  for (const char of seedText) h = Math.imul(h ^ char.charCodeAt(0), 16777619) >>> 0;
  return () => {
    h = (h + 0x6d2b79f5) >>> 0;
    let t = h;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Word = { text: string; from: number; to: number; line: number; sentenceStart: boolean };
type Edit = { from: number; to: number; replacement: string; label: { text: string; kind: string } };

// Credits at the end of captions are the credit rule's business, not where typos go.
const CREDIT_TAIL = /(?:\((?:[^()]*\/[^()]*|AP Photo)\)|REUTERS\/.*|Image copyright .*|Photograph: .*|Picture: .*|Photo: .*|\/ Photo by .*|\S+ \| Tribune-Review| - AP\/.*)\s*$/;

function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  let offset = 0;
  text.split("\n").forEach((line, lineIndex) => {
    // The date line carries the headline: leave it, so the document still imports the same way.
    if (lineIndex > 0) {
      const credit = CREDIT_TAIL.exec(line);
      const end = credit ? credit.index : line.length;
      for (const match of line.slice(0, end).matchAll(/\p{L}+(?:['’]\p{L}+)?/gu)) {
        const before = line.slice(0, match.index).trimEnd();
        words.push({ text: match[0], from: offset + match.index, to: offset + match.index + match[0].length, line: lineIndex, sentenceStart: before === "" || /[.!?:"“]$/.test(before) });
      }
    }
    offset += line.length + 1;
  });
  return words;
}

/** Typing slips of one word: two letters swapped, one dropped, one doubled, a vowel changed. */
function slips(word: string, next: () => number): string[] {
  const out: string[] = [];
  for (let i = 1; i < word.length - 1; i++) {
    if (word[i] !== word[i + 1]) out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    out.push(word.slice(0, i) + word.slice(i + 1));
    if (!/[aeiou]/i.test(word[i])) out.push(word.slice(0, i + 1) + word[i] + word.slice(i + 1));
    const vowel = "aeiou".indexOf(word[i]);
    if (vowel >= 0) out.push(word.slice(0, i) + "aeiou"[(vowel + 1 + Math.floor(next() * 4)) % 5] + word.slice(i + 1));
  }
  return out.filter((slip) => slip !== word);
}

function pick<T>(items: T[], next: () => number): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(next() * items.length)];
}

const PLURAL_VERBS: Record<string, string> = {
  say: "says", want: "wants", have: "has", are: "is", were: "was", need: "needs", think: "thinks", know: "knows", remain: "remains",
  live: "lives", play: "plays", take: "takes", make: "makes", come: "comes", feel: "feels", believe: "believes", expect: "expects",
  hope: "hopes", continue: "continues", face: "faces", show: "shows", stand: "stands", work: "works", look: "looks", seem: "seems",
  include: "includes", tend: "tends", agree: "agrees", gather: "gathers", wait: "waits", perform: "performs", cheer: "cheers", pay: "pays",
  ride: "rides", run: "runs", walk: "walks", watch: "watches", attend: "attends", wear: "wears", use: "uses", get: "gets",
};
const NOT_NOUNS = new Set("does has was is this its his hers ours yours theirs us yes plus thus always perhaps sometimes besides towards afterwards whereas unless".split(" "));
const DOUBLE_WORDS = new Set("the a to of in and for on with at".split(" "));
const GRAMMAR_KINDS = ["grammar-a-plural", "grammar-agreement", "grammar-its", "grammar-doubled"] as const;

function grammarEdit(kind: (typeof GRAMMAR_KINDS)[number], text: string, words: Word[], next: () => number): Edit | undefined {
  const candidates: Edit[] = [];
  words.forEach((word, index) => {
    const following = words[index + 1];
    const joined = following !== undefined && following.line === word.line && /^ +$/.test(text.slice(word.to, following.from));
    const lower = word.text.toLowerCase();
    if (kind === "grammar-a-plural" && (lower === "a" || lower === "an") && joined && /^\p{Ll}+$/u.test(following.text)) {
      const noun = following.text;
      const plural = /(?:s|x|ch|sh)$/.test(noun) ? `${noun}es` : `${noun}s`;
      if (speller.isNounStem(noun) && speller.isWord(plural) && !/(?:ing|ed)$/.test(noun)) {
        candidates.push({ from: following.from, to: following.to, replacement: plural, label: { text: `${word.text} ${plural}`, kind } });
      }
    }
    if (kind === "grammar-agreement" && joined && /^\p{Ll}+s$/u.test(word.text) && !/ss$/.test(word.text) && !NOT_NOUNS.has(word.text) && PLURAL_VERBS[following.text]) {
      if (speller.isNounStem(word.text.slice(0, -1)) || word.text === "they") {
        const verb = PLURAL_VERBS[following.text];
        candidates.push({ from: following.from, to: following.to, replacement: verb, label: { text: `${word.text} ${verb}`, kind } });
      }
    }
    if (kind === "grammar-its" && (word.text === "it's" || word.text === "it’s" || word.text === "its" || word.text === "Its" || word.text === "It's")) {
      const replacement = /['’]/.test(word.text) ? word.text.replace(/['’]/, "") : word.text.replace(/s$/, "'s");
      candidates.push({ from: word.from, to: word.to, replacement, label: { text: replacement, kind } });
    }
    if (kind === "grammar-doubled" && DOUBLE_WORDS.has(word.text) && joined) {
      candidates.push({ from: word.from, to: word.to, replacement: `${word.text} ${word.text}`, label: { text: `${word.text} ${word.text}`, kind } });
    }
  });
  return pick(candidates, next);
}

function nameEdit(words: Word[], next: () => number): Edit | undefined {
  const uses = new Map<string, Word[]>();
  for (const word of words) {
    // Names the dictionary does not know (people, bands, clubs); weekdays and months are words.
    if (!/^\p{Lu}\p{Ll}{4,}$/u.test(word.text) || speller.isWord(word.text) || gazetteer.has(word.text)) continue;
    uses.set(word.text, [...(uses.get(word.text) ?? []), word]);
  }
  const names = [...uses.entries()].filter(([, list]) => list.length >= 2);
  const chosen = pick(names, next);
  if (!chosen) return undefined;
  const [name, list] = chosen;
  const target = pick(list.slice(1), next)!;
  const variant = pick(slips(name, next).filter((slip) => !speller.isWord(slip) && !uses.has(slip) && !gazetteer.has(slip)), next);
  return variant ? { from: target.from, to: target.to, replacement: variant, label: { text: variant, kind: "name-variant" } } : undefined;
}

function typoEdit(words: Word[], next: () => number): Edit | undefined {
  const candidates = words.filter((word) => /^\p{Ll}{6,}$/u.test(word.text) && speller.isWord(word.text));
  for (let tries = 0; tries < 10; tries++) {
    const word = pick(candidates, next);
    if (!word) return undefined;
    const typo = pick(slips(word.text, next).filter((slip) => !speller.accepts(slip)), next);
    if (typo) return { from: word.from, to: word.to, replacement: typo, label: { text: typo, kind: "typo" } };
  }
  return undefined;
}

function placeEdit(text: string, words: Word[], next: () => number): Edit | undefined {
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word.text, (counts.get(word.text) ?? 0) + 1);
  const capitalised = (word: Word | undefined, other: Word) => word !== undefined && word.line === other.line && /^\p{Lu}/u.test(word.text) && !/[.,;:!?]/.test(text.slice(Math.min(word.to, other.to), Math.max(word.from, other.from)));
  const candidates = words.filter((word, index) => {
    if (!/^\p{Lu}\p{Ll}{3,}$/u.test(word.text) || counts.get(word.text) !== 1 || speller.isCommonWord(word.text)) return false;
    // A word of a longer name ("Barry Johnson", "Renault Laguna") is not the place of that name.
    if (capitalised(words[index - 1], word) || capitalised(words[index + 1], word)) return false;
    const place = gazetteer.get(word.text);
    return place !== undefined && (place.kind !== "city" || place.population >= 50_000);
  });
  const word = pick(candidates, next);
  if (!word) return undefined;
  const slip = pick(slips(word.text, next).filter((s) => !gazetteer.has(s) && !speller.isWord(s)), next);
  return slip ? { from: word.from, to: word.to, replacement: slip, label: { text: slip, kind: "place" } } : undefined;
}

fs.mkdirSync(outDir, { recursive: true });
const labels: Record<string, Array<{ text: string; kind: string }>> = {};
const totals = new Map<string, number>();
const files = fs.readdirSync(inDir).filter((file) => file.endsWith(".txt")).sort();
files.forEach((file, fileIndex) => {
  const text = fs.readFileSync(path.join(inDir, file), "utf8");
  const next = random(`${values.seed}:${file}`);
  const words = wordsOf(text);
  const edits: Edit[] = [];
  const free = (edit: Edit | undefined) => edit !== undefined && edits.every((other) => edit.to + 1 < other.from || other.to + 1 < edit.from);
  for (const edit of [nameEdit(words, next), typoEdit(words, next), placeEdit(text, words, next)]) if (free(edit)) edits.push(edit!);
  for (let k = 0; k < 2; k++) {
    // Two grammar kinds per document, in turn across documents; a kind the text has no place for
    // gives way to the next.
    for (let attempt = 0; attempt < GRAMMAR_KINDS.length; attempt++) {
      const kind = GRAMMAR_KINDS[(fileIndex * 2 + k + attempt) % GRAMMAR_KINDS.length];
      const edit = grammarEdit(kind, text, words, next);
      if (free(edit) && !edits.some((other) => other.label.kind === kind)) {
        edits.push(edit!);
        break;
      }
    }
  }
  let injected = text;
  for (const edit of [...edits].sort((a, b) => b.from - a.from)) injected = injected.slice(0, edit.from) + edit.replacement + injected.slice(edit.to);
  fs.writeFileSync(path.join(outDir, file), injected);
  labels[file] = edits.map((edit) => edit.label);
  for (const edit of edits) totals.set(edit.label.kind, (totals.get(edit.label.kind) ?? 0) + 1);
});
fs.writeFileSync(path.join(outDir, "labels.json"), `${JSON.stringify(labels, null, 2)}\n`);
console.log(`${files.length} documents copied to ${outDir} with errors put in:`);
for (const [kind, count] of [...totals].sort()) console.log(`  ${kind.padEnd(20)}${count}`);
