// Precision and recall of the fact-checker on the labelled documents in lib/factcheck/fixtures.
// Each document is checked against an archive of all the others plus the background archive, with
// the fixture house dictionary. A finding is a true positive when it overlaps a labelled error.
//
// Splits: "dev" documents were used while building the rules; "holdout", "holdout2" and
// "holdout3" were each written, then checked once before any change was made in response to them.
//
//   node bin/copydesk.mjs run-script scripts/factcheck-eval.ts [--split all|dev|holdout|…] [--verbose] [--min-confidence 0.5]
//   npx tsx --conditions react-server scripts/factcheck-eval.ts   (lib/factcheck is server-only)

import { parseArgs } from "node:util";
import { createFactChecker, DEFAULT_MIN_CONFIDENCE } from "@/lib/factcheck";
import { loadLabelledSet, scoreDocument, type DocumentScore, type LabelledDocument } from "@/lib/factcheck/fixtures/labelled-set";
import type { FactChecker, Finding } from "@/lib/factcheck/types";

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

const minConfidence = values["min-confidence"] === undefined ? DEFAULT_MIN_CONFIDENCE : Number(values["min-confidence"]);
const chosen = set.documents.filter((d) => values.split === "all" || d.split === values.split);
const inScope = (kind: string) => !set.outOfScope.has(kind);
const percent = (n: number, d: number) => (d === 0 ? "  n/a" : `${((100 * n) / d).toFixed(1)}%`.padStart(6));

function score(documents: LabelledDocument[], threshold: number, check: FactChecker): DocumentScore[] {
  return documents.map((document) =>
    scoreDocument(document, check.check(document.fields, { excludeArchiveId: document.id, minConfidence: threshold })),
  );
}

function summary(scores: DocumentScore[]) {
  const sum = (pick: (s: DocumentScore) => number) => scores.reduce((total, s) => total + pick(s), 0);
  const tp = sum((s) => s.truePositives.length);
  const fp = sum((s) => s.falsePositives.length);
  const labelledInScope = sum((s) => [...s.found, ...s.missed].filter((e) => inScope(e.kind)).length);
  const foundInScope = sum((s) => s.found.filter((e) => inScope(e.kind)).length);
  const withSuggestion = scores.flatMap((s) => s.found.filter((e) => e.suggestion !== undefined));
  const rightSuggestion = withSuggestion.filter((e) => e.suggestionRight).length;
  return { tp, fp, labelledInScope, foundInScope, withSuggestion: withSuggestion.length, rightSuggestion, outOfScope: sum((s) => [...s.found, ...s.missed].filter((e) => !inScope(e.kind)).length) };
}

const scores = score(chosen, minConfidence, checker);

if (values.verbose) {
  for (const s of scores) {
    console.log(`\n== ${s.id}`);
    const show = (mark: string, f: Finding) =>
      console.log(`  ${mark} ${f.confidence.toFixed(2)} ${f.rule.padEnd(16)} ${JSON.stringify(f.text).slice(0, 60)} → ${JSON.stringify(f.suggestion ?? null)} @${f.location.fieldKey}`);
    for (const f of s.truePositives) show("TP", f);
    for (const f of s.falsePositives) show("FP", f);
    for (const m of s.missed) console.log(`  MISSED ${m.kind.padEnd(16)} ${JSON.stringify(m.text)}`);
  }
}

console.log(`\nFact-check evaluation at confidence ≥ ${minConfidence} (${chosen.length} documents)`);
console.log("  split        docs  errors  precision        recall (in scope)  suggestions right");
const splits = [...new Set(chosen.map((d) => d.split))];
for (const split of [...splits, "all"]) {
  const part = scores.filter((_, i) => split === "all" || chosen[i].split === split);
  if (split === "all" && splits.length === 1) break;
  const s = summary(part);
  console.log(
    `  ${split.padEnd(12)} ${String(part.length).padStart(4)}  ${String(s.labelledInScope).padStart(6)}  ${percent(s.tp, s.tp + s.fp)} (${s.tp}/${s.tp + s.fp})`.padEnd(54) +
      `${percent(s.foundInScope, s.labelledInScope)} (${s.foundInScope}/${s.labelledInScope})`.padEnd(19) +
      `${percent(s.rightSuggestion, s.withSuggestion)} (${s.rightSuggestion}/${s.withSuggestion})`,
  );
}
const total = summary(scores);
if (total.outOfScope > 0) console.log(`  (${total.outOfScope} labelled errors of kinds the engine does not target — ${[...set.outOfScope].join(", ")} — are left out of recall)`);

console.log("\n  findings by rule      TP   FP");
const rules = new Map<string, { tp: number; fp: number }>();
const bump = (rule: string, key: "tp" | "fp") => {
  const counts = rules.get(rule) ?? { tp: 0, fp: 0 };
  counts[key]++;
  rules.set(rule, counts);
};
for (const s of scores) {
  for (const f of s.truePositives) bump(f.rule, "tp");
  for (const f of s.falsePositives) bump(f.rule, "fp");
}
for (const [rule, counts] of [...rules].sort()) console.log(`  ${rule.padEnd(20)}${String(counts.tp).padStart(4)} ${String(counts.fp).padStart(4)}`);

console.log("\n  labelled errors by kind   found / total");
const kinds = new Map<string, { found: number; total: number }>();
for (const s of scores) {
  for (const [list, found] of [[s.found, 1], [s.missed, 0]] as const) {
    for (const e of list) {
      const counts = kinds.get(e.kind) ?? { found: 0, total: 0 };
      counts.found += found;
      counts.total++;
      kinds.set(e.kind, counts);
    }
  }
}
for (const [kind, counts] of [...kinds].sort()) {
  console.log(`  ${kind.padEnd(24)}${String(counts.found).padStart(6)} / ${counts.total}${inScope(kind) ? "" : "  (out of scope)"}`);
}
