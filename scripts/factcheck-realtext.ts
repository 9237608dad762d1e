// The fact-check on real published text: reads a folder of wire documents (the importer's format),
// checks each against an archive of the others exactly as the desk would after an import, and
// prints findings per 1,000 words by rule and severity. The texts are not part of the repository
// (they are other people's published work): point the script at a folder of your own.
//
//   node bin/copydesk.mjs run-script scripts/factcheck-realtext.ts <dir> [--labels file.json] [--verbose]
//        [--min-confidence 0.5] [--no-grammar]
//
// --labels: hand-labelled real errors, {"file.txt": [{"text": "the a", "kind": "grammar"}, …]}. A
// finding that overlaps a labelled error's text in its file is a hit; every other finding counts as
// a false alarm (read them: some are real errors nobody labelled — add those to the labels).

import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { articleCheckFields } from "@/lib/factcheck/article-fields";
import { checkableFromDocument } from "@/lib/factcheck/checks";
import { createFactChecker, DEFAULT_MIN_CONFIDENCE } from "@/lib/factcheck";
import type { CheckField, Finding } from "@/lib/factcheck/types";
import { parseDocument } from "@/lib/importer/parse";

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: {
    labels: { type: "string" },
    verbose: { type: "boolean", default: false },
    "min-confidence": { type: "string" },
    "no-grammar": { type: "boolean", default: false },
  },
  allowPositionals: true,
});
const dir = positionals[0];
if (!dir) {
  console.error("usage: factcheck-realtext.ts <dir> [--labels file.json] [--verbose] [--min-confidence N] [--no-grammar]");
  process.exit(2);
}

type Label = { text: string; kind: string };
const labels: Record<string, Label[]> = values.labels ? JSON.parse(fs.readFileSync(values.labels, "utf8")) : {};
const minConfidence = values["min-confidence"] === undefined ? DEFAULT_MIN_CONFIDENCE : Number(values["min-confidence"]);

const fieldsOf = (file: string, text: string): CheckField[] => articleCheckFields(checkableFromDocument(parseDocument(text, file)));

const wordsIn = (fields: CheckField[]) => fields.reduce((n, f) => n + f.blocks.join(" ").split(/\s+/).filter((w) => /\p{L}/u.test(w)).length, 0);

const files = fs.readdirSync(dir).filter((file) => file.endsWith(".txt")).sort();
const documents = files.map((file) => {
  const fields = fieldsOf(file, fs.readFileSync(path.join(dir, file), "utf8"));
  return { file, fields, words: wordsIn(fields) };
});

const loadStart = performance.now();
const checker = await createFactChecker();
const loadMs = performance.now() - loadStart;
for (const document of documents) checker.addArchiveDocument(document.file, document.fields);

const matches = (finding: Finding, label: Label) => {
  const a = finding.text.toLowerCase();
  const b = label.text.toLowerCase();
  return a.includes(b) || b.includes(a);
};

const totals = { words: 0, findings: 0, falseAlarms: 0 };
const byKey = new Map<string, { all: number; falseAlarms: number }>();
const labelled = new Map<string, { found: number; total: number }>();
const missed: string[] = [];
const times: { names: number[]; grammar: number[] } = { names: [], grammar: [] };

for (const document of documents) {
  const started = performance.now();
  const nameFindings = checker.check(document.fields, { excludeArchiveId: document.file, minConfidence });
  times.names.push(performance.now() - started);
  const grammarStarted = performance.now();
  const grammarFindings = values["no-grammar"] ? [] : await checker.checkGrammar(document.fields, { excludeArchiveId: document.file, minConfidence });
  times.grammar.push(performance.now() - grammarStarted);
  const findings = [...nameFindings, ...grammarFindings];
  const fileLabels = labels[document.file] ?? [];
  totals.words += document.words;
  totals.findings += findings.length;
  if (values.verbose) console.log(`\n== ${document.file} (${document.words} words, ${findings.length} findings)`);
  for (const finding of findings) {
    const hit = fileLabels.some((label) => matches(finding, label));
    if (!hit) totals.falseAlarms++;
    const key = `${finding.rule} ${finding.severity}`;
    const counts = byKey.get(key) ?? { all: 0, falseAlarms: 0 };
    counts.all++;
    if (!hit) counts.falseAlarms++;
    byKey.set(key, counts);
    if (values.verbose) {
      console.log(
        `  ${hit ? "ok " : "FA?"} ${finding.confidence.toFixed(2)} ${finding.rule.padEnd(16)} ${JSON.stringify(finding.text).slice(0, 70)} → ${JSON.stringify(finding.suggestion ?? null)} @${finding.location.fieldKey}#${finding.location.block}\n        ${finding.message}`,
      );
    }
  }
  for (const label of fileLabels) {
    const counts = labelled.get(label.kind) ?? { found: 0, total: 0 };
    counts.total++;
    if (findings.some((finding) => matches(finding, label))) counts.found++;
    else missed.push(`${document.file}: ${label.kind} ${JSON.stringify(label.text)}`);
    labelled.set(label.kind, counts);
  }
}

const perThousand = (n: number) => ((1000 * n) / Math.max(1, totals.words)).toFixed(2);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
console.log(`\nReal-text fact-check: ${documents.length} texts, ${totals.words.toLocaleString("en")} words, confidence ≥ ${minConfidence}`);
console.log(`  findings ${totals.findings} (${perThousand(totals.findings)} per 1,000 words)`);
if (values.labels) console.log(`  matching no labelled error ${totals.falseAlarms} (${perThousand(totals.falseAlarms)} per 1,000 words)`);
console.log("\n  rule             severity   findings  per 1,000 words" + (values.labels ? "  unlabelled" : ""));
for (const [key, counts] of [...byKey].sort()) {
  const [rule, severity] = key.split(" ");
  console.log(`  ${rule.padEnd(17)}${severity.padEnd(11)}${String(counts.all).padStart(8)}  ${perThousand(counts.all).padStart(15)}` + (values.labels ? `  ${String(counts.falseAlarms).padStart(10)}` : ""));
}
if (labelled.size > 0) {
  console.log("\n  labelled errors   found / total");
  for (const [kind, counts] of [...labelled].sort()) console.log(`  ${kind.padEnd(18)}${String(counts.found).padStart(5)} / ${counts.total}`);
  if (values.verbose) for (const line of missed) console.log(`  missed ${line}`);
}
console.log(`\n  dictionary load ${loadMs.toFixed(0)} ms; per text: name findings median ${median(times.names).toFixed(1)} ms, grammar median ${median(times.grammar).toFixed(1)} ms (first grammar check ${(times.grammar[0] ?? 0).toFixed(0)} ms)`);
