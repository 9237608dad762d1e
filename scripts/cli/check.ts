import fs from "node:fs";
import path from "node:path";
import type { FindingView } from "@/lib/factcheck/findings";
import { DocumentError, parseDocument } from "@/lib/importer";
import { UsageError, type Command } from "./command";

// The checker (and its English dictionary) loads only when this command runs, not for every command.
const checks = () => import("@/lib/factcheck/checks");

// `copydesk check`: the desk's fact-check for scripts. Documents are checked against the stored
// archive and house dictionary exactly as the editor's panel checks a draft.

interface CheckedDocument {
  /** The file as given, or the stored article's slug. */
  source: string;
  kind: "file" | "article";
  articleId?: string;
  headline?: string;
  findings: FindingView[];
  /** False when the check's time budget ran out before every rule had run. */
  complete: boolean;
  /** Findings left out over the cap. */
  omitted: number;
  /** Why a file could not be checked ("file:line: reason"). */
  error?: string;
}

// Reading order: headline, standfirst, body, then photo by photo (caption before its credit).
function readingOrder(finding: FindingView): number[] {
  const field = finding.location.fieldKey;
  const rank = field === "headline" ? 0 : field === "standfirst" ? 1 : field === "body" ? 2 : 3 + 2 * (finding.photoNumber ?? 0) + (field.startsWith("credit:") ? 1 : 0);
  return [rank, finding.location.block, finding.location.from];
}

function byPosition(a: FindingView, b: FindingView): number {
  const [x, y] = [readingOrder(a), readingOrder(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** `source:field:block:column  [severity] rule: message (text → suggestion)`, block and column 1-based. */
function describeFinding(source: string, finding: FindingView): string {
  const where = `${source}:${finding.fieldToken}:${finding.location.block + 1}:${finding.location.from + 1}`;
  const change = finding.alternatives
    ? finding.alternatives.map((fix) => `"${fix.suggestion}"`).join(" or ")
    : finding.suggestion !== undefined
      ? `"${finding.text}" → "${finding.suggestion}"`
      : `"${finding.text}"`;
  return `${where}  [${finding.severity}] ${finding.rule}: ${finding.message} (${change})`;
}

function toJson(document: CheckedDocument) {
  return {
    source: document.source,
    kind: document.kind,
    ...(document.articleId ? { articleId: document.articleId } : {}),
    ...(document.headline !== undefined ? { headline: document.headline } : {}),
    ...(document.error ? { error: document.error } : {}),
    complete: document.complete,
    omitted: document.omitted,
    findings: document.findings.map((finding) => ({
      fingerprint: finding.fingerprint,
      rule: finding.rule,
      severity: finding.severity,
      confidence: finding.confidence,
      message: finding.message,
      text: finding.text,
      ...(finding.suggestion !== undefined ? { suggestion: finding.suggestion } : {}),
      // A tie: one fix per spelling, the editor to choose.
      ...(finding.alternatives ? { alternatives: finding.alternatives.map(({ location, text, suggestion, where }) => ({ location, text, suggestion, where })) } : {}),
      where: finding.where,
      field: finding.fieldToken,
      location: finding.location,
    })),
  };
}

function parseMinConfidence(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new UsageError(`--min-confidence must be a number from 0 to 1 (got "${String(raw)}").`);
  }
  return value;
}

// Files as given, folders walked for *.txt in name order, like `copydesk import` (whose folder
// walker is built for importing 50,000 documents in batches; here files are checked one by one).
function* documentFiles(given: string): Generator<{ file: string; error?: string }> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(given);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    yield { file: given, error: code === "ENOENT" ? "no such file or folder" : (error as Error).message };
    return;
  }
  if (!stat.isDirectory()) return yield { file: given };
  const entries = fs.readdirSync(given, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(given, entry.name);
    if (entry.isDirectory()) yield* documentFiles(full);
    else if (entry.isFile() && entry.name.toLowerCase().endsWith(".txt")) yield { file: full };
  }
}

async function checkFile(file: string, minConfidence: number | undefined): Promise<CheckedDocument> {
  try {
    const parsed = parseDocument(fs.readFileSync(file), file);
    const checked = await (await checks()).checkDocument(parsed, { minConfidence, sourceFile: path.basename(file) });
    return { source: file, kind: "file", headline: parsed.headline, ...checked };
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
    return { source: file, kind: "file", findings: [], complete: false, omitted: 0, error: error.message };
  }
}

async function* checkFiles(paths: string[], minConfidence: number | undefined): AsyncGenerator<CheckedDocument> {
  for (const given of paths) {
    for (const { file, error } of documentFiles(given)) {
      yield error
        ? { source: file, kind: "file", findings: [], complete: false, omitted: 0, error: `${file}: ${error}` }
        : await checkFile(file, minConfidence);
    }
  }
}

async function* checkArticles(minConfidence: number | undefined): AsyncGenerator<CheckedDocument> {
  for await (const article of (await checks()).checkStoredArticles({ minConfidence })) {
    const { slug, id, headline, findings, complete, omitted } = article;
    yield { source: slug, kind: "article", articleId: id, headline, findings, complete, omitted };
  }
}

export const checkCommand: Command = {
  summary: "Fact-check documents (or every stored article) against the archive and the house dictionary.",
  usage:
    "check [paths…] [--json] [--min-confidence N]\n\n" +
    "  paths              wire documents (.txt files or folders of them); none: every stored article's draft\n" +
    "  --json             print one JSON object instead of lines\n" +
    "  --min-confidence N leave out findings below N (0 to 1; default 0.5)\n\n" +
    "Each finding prints as\n" +
    "  <file or slug>:<field>:<block>:<column>  [high|medium|low] <rule>: <message> (\"text\" → \"suggestion\")\n" +
    "with block and column counted from 1 (field: headline, standfirst, body, caption-N, credit-N).\n" +
    "Findings an editor chose to ignore in the desk are left out. Each document gets a time budget\n" +
    "(10 s) and at most 200 findings; a document checked in part says so on stderr (and\n" +
    "\"complete\": false in --json).\n\n" +
    "Exit status: 0 when no finding is high severity; 1 when one is, or a document could not be read;\n" +
    "2 on wrong usage.",
  options: { json: { type: "boolean" }, "min-confidence": { type: "string" } },
  needsDatabase: true,
  async run({ values, positionals }) {
    const minConfidence = parseMinConfidence(values["min-confidence"]);
    const json = Boolean(values.json);
    const documents = positionals.length > 0 ? checkFiles(positionals, minConfidence) : checkArticles(minConfidence);

    const checked: ReturnType<typeof toJson>[] = [];
    let total = 0;
    let findingCount = 0;
    let high = 0;
    let failed = 0;
    for await (const document of documents) {
      total++;
      const findings = [...document.findings].sort(byPosition);
      findingCount += findings.length;
      high += findings.filter((finding) => finding.severity === "high").length;
      if (document.error) failed++;
      if (json) {
        checked.push(toJson({ ...document, findings }));
        continue;
      }
      if (document.error) process.stderr.write(`copydesk check: ${document.error}\n`);
      for (const finding of findings) console.log(describeFinding(document.source, finding));
      if (!document.error && !document.complete) {
        process.stderr.write(`copydesk check: ${document.source}: checked in part only (the time budget ran out); the findings above are what was found.\n`);
      }
      if (document.omitted > 0) process.stderr.write(`copydesk check: ${document.source}: ${document.omitted} more finding(s) not shown (the most likely are above).\n`);
    }

    const summary = { documents: total, findings: findingCount, high, failed };
    if (json) {
      process.stdout.write(`${JSON.stringify({ summary, documents: checked }, null, 2)}\n`);
    } else {
      const what = positionals.length > 0 ? "document(s)" : "stored article(s)";
      process.stderr.write(
        `Checked ${total} ${what}: ${findingCount} finding(s), ${high} high severity${failed ? `, ${failed} not readable` : ""}.\n`,
      );
    }
    return high > 0 || failed > 0 ? 1 : 0;
  },
};
