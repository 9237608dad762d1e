// Precision and recall of the fact-checker on the labelled documents in lib/factcheck/fixtures.
// Each document is checked against an archive of all the others plus the background archive, with
// the fixture house dictionary. A finding is a true positive when it overlaps a labelled error.
//
//   node bin/copydesk.mjs run-script scripts/factcheck-eval.ts
//   … scripts/factcheck-eval.ts --split dev|holdout|all  --verbose  --min-confidence 0.5

import { parseArgs } from "node:util";
import { createFactChecker } from "@/lib/factcheck";
import { loadLabelledSet, scoreDocument, type DocumentScore } from "@/lib/factcheck/fixtures/labelled-set";
import type { Finding } from "@/lib/factcheck/types";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    split: { type: "string", default: "all" },
    verbose: { type: "boolean", default: false },
    "min-confidence": { type: "string" },
  },
  allowPositionals: true,
});

const set = loadLabelledSet();
const checker = await createFactChecker({ houseDictionary: set.houseDictionary });
for (const document of set.archive) checker.addArchiveDocument(document.id, document.fields);
for (const document of set.documents) checker.addArchiveDocument(document.id, document.fields);

const chosen = set.documents.filter((d) => values.split === "all" || d.split === values.split);
const minConfidence = values["min-confidence"] === undefined ? undefined : Number(values["min-confidence"]);

const scores: DocumentScore[] = [];
for (const document of chosen) {
  const findings = checker.check(document.fields, { excludeArchiveId: document.id, minConfidence });
  const score = scoreDocument(document, findings);
  scores.push(score);
  if (values.verbose) {
    console.log(`\n== ${document.id}`);
    const show = (mark: string, f: Finding) =>
      console.log(`  ${mark} ${f.confidence.toFixed(2)} ${f.rule.padEnd(16)} ${JSON.stringify(f.text).slice(0, 60)} → ${JSON.stringify(f.suggestion ?? null)} @${f.location.fieldKey}`);
    for (const f of score.truePositives) show("TP", f);
    for (const f of score.falsePositives) show("FP", f);
    for (const m of score.missed) console.log(`  MISSED ${m.kind.padEnd(16)} ${JSON.stringify(m.text)}`);
  }
}

const sum = (pick: (s: DocumentScore) => number) => scores.reduce((total, s) => total + pick(s), 0);
const tp = sum((s) => s.truePositives.length);
const fp = sum((s) => s.falsePositives.length);
const inScope = (kind: string) => !set.outOfScope.has(kind);
const labelled = sum((s) => s.found.length + s.missed.length);
const labelledInScope = sum((s) => [...s.found, ...s.missed].filter((e) => inScope(e.kind)).length);
const foundInScope = sum((s) => s.found.filter((e) => inScope(e.kind)).length);
const withSuggestion = scores.flatMap((s) => s.found.filter((e) => e.suggestion !== undefined));
const rightSuggestion = withSuggestion.filter((e) => e.suggestionRight).length;

const percent = (n: number, d: number) => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}%`);
console.log(`\nFact-check evaluation — split: ${values.split}, ${chosen.length} documents, ${labelled} labelled errors`);
console.log(`  precision            ${percent(tp, tp + fp)}  (${tp} of ${tp + fp} findings mark a labelled error)`);
console.log(`  recall (in scope)    ${percent(foundInScope, labelledInScope)}  (${foundInScope} of ${labelledInScope} errors of the kinds the engine targets)`);
if (labelled !== labelledInScope) {
  console.log(`  recall (all labels)  ${percent(sum((s) => s.found.length), labelled)}  (including ${labelled - labelledInScope} out-of-scope errors)`);
}
console.log(`  suggestion accuracy  ${percent(rightSuggestion, withSuggestion.length)}  (found errors whose suggestion matches the label)`);

console.log("\n  findings by rule      TP   FP");
const rules = new Map<string, { tp: number; fp: number }>();
for (const s of scores) {
  for (const f of s.truePositives) rules.set(f.rule, { tp: (rules.get(f.rule)?.tp ?? 0) + 1, fp: rules.get(f.rule)?.fp ?? 0 });
  for (const f of s.falsePositives) rules.set(f.rule, { tp: rules.get(f.rule)?.tp ?? 0, fp: (rules.get(f.rule)?.fp ?? 0) + 1 });
}
for (const [rule, counts] of [...rules].sort()) console.log(`  ${rule.padEnd(20)}${String(counts.tp).padStart(4)} ${String(counts.fp).padStart(4)}`);

console.log("\n  labelled errors by kind   found / total");
const kinds = new Map<string, { found: number; total: number }>();
for (const s of scores) {
  for (const e of s.found) kinds.set(e.kind, { found: (kinds.get(e.kind)?.found ?? 0) + 1, total: (kinds.get(e.kind)?.total ?? 0) + 1 });
  for (const e of s.missed) kinds.set(e.kind, { found: kinds.get(e.kind)?.found ?? 0, total: (kinds.get(e.kind)?.total ?? 0) + 1 });
}
for (const [kind, counts] of [...kinds].sort()) {
  console.log(`  ${kind.padEnd(24)}${String(counts.found).padStart(6)} / ${counts.total}${inScope(kind) ? "" : "  (out of scope)"}`);
}
