import { importDocuments, type ImportFileResult } from "@/lib/importer";
import { projectPath } from "@/lib/project-root";
import { sectionNameSchema, setArticlesSection } from "@/lib/taxonomy/sections";
import { UsageError, type Command } from "./command";

function describe(result: ImportFileResult): string[] {
  const lines: string[] = [];
  if (result.status === "failed") lines.push(`FAILED   ${result.error ?? result.file}`);
  else if (result.status === "skipped") lines.push(`skipped  ${result.file}: ${result.reason ?? "edited since import"}`);
  else lines.push(`${result.status.padEnd(10)}${result.file}${result.slug ? ` → ${result.slug}` : ""}${result.forced ? " (forced)" : ""}`);
  for (const warning of result.warnings) lines.push(`  warning  ${result.file}:${warning.line}: ${warning.message}`);
  return lines;
}

export const importCommand: Command = {
  summary: "Import article documents (files or folders of .txt; default seeds/) as drafts.",
  usage:
    "import [paths…] [--section <name>] [--force] [--dry-run] [--quiet]\n\n" +
    "  --section  put the newly created articles in this section (e.g. Sport; created if new)\n" +
    "  --force    replace articles editors changed since their import (their text is kept as a revision)\n" +
    "  --dry-run  show what would happen; write nothing\n" +
    "  --quiet    print only problems and the summary",
  options: { force: { type: "boolean" }, "dry-run": { type: "boolean" }, quiet: { type: "boolean" }, section: { type: "string" } },
  needsDatabase: true,
  async run({ values, positionals }) {
    const paths = positionals.length > 0 ? positionals : [projectPath("seeds")];
    const quiet = Boolean(values.quiet);
    let section: string | null = null;
    if (values.section !== undefined) {
      const parsed = sectionNameSchema.safeParse(values.section);
      if (!parsed.success) throw new UsageError(`--section: ${parsed.error.issues[0]?.message}`);
      section = parsed.data;
    }
    const created: string[] = [];
    let lastProgress = 0;
    const summary = await importDocuments(paths, {
      force: Boolean(values.force),
      dryRun: Boolean(values["dry-run"]),
      // Long imports: a progress line at most once a second, on stderr so stdout stays a report.
      onProgress(done, total) {
        const now = Date.now();
        if (total >= 100 && (now - lastProgress > 1000 || done === total)) {
          lastProgress = now;
          process.stderr.write(`  … ${done}/${total} documents\n`);
        }
      },
      keepResults: quiet ? "problems" : "all",
      onEvent(event) {
        if (event.type === "file" && event.result.status === "created" && event.result.articleId) created.push(event.result.articleId);
      },
    });
    if (section && !summary.dryRun) {
      const placed = await setArticlesSection(created, section);
      console.log(`Section ${placed.section}: ${placed.updated} new article(s).`);
    }
    for (const result of summary.results) {
      if (quiet && result.status !== "failed" && result.status !== "skipped" && result.warnings.length === 0) continue;
      for (const line of describe(result)) console.log(line);
    }
    const verb = summary.dryRun ? "Dry run (nothing written)" : "Imported";
    console.log(
      `${verb}: ${summary.total} document(s) — ${summary.created} created, ${summary.updated} updated, ` +
        `${summary.unchanged} unchanged, ${summary.skipped} skipped, ${summary.failed} failed; ` +
        `${summary.warnings} warning(s); ${(summary.durationMs / 1000).toFixed(1)} s.`,
    );
    return summary.failed > 0 ? 1 : 0;
  },
};
