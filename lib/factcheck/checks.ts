import "server-only";
import { z } from "zod";
import { articleEditSchema, creditLabelsById, formatCredit } from "@/lib/articles";
import { db } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { archiveSelect, checkableFromStored, storedFields, BUILD_PAGE_SIZE } from "@/lib/factcheck/archive";
import { articleCheckFields, describeArticleFields, type CheckableArticle } from "@/lib/factcheck/article-fields";
import { partition, viewOf, type ArticleCheckResult, type CheckCoverage, type CheckTuning, type FindingView } from "@/lib/factcheck/findings";
import { checkInWorker, isFactcheckTimeout } from "@/lib/factcheck/pool";
import { findMissingAltText } from "@/lib/factcheck/rules/missing-alt";
import type { CheckField, Finding } from "@/lib/factcheck/types";
import type { WorkerCheckOptions } from "@/lib/factcheck/worker-protocol";
import { articleContentFromParsed, type ParsedDocument } from "@/lib/importer";

// Fact-checks as the desk and the CLI ask for them: the text is read and validated here, checked
// on a worker thread (lib/factcheck/pool.ts) against the archive and the house dictionary, and the
// findings come back placed in words and split into open and ignored.

/** What a desk check may spend on the text; the editor re-checks after each pause in typing. */
export const DESK_CHECK_BUDGET_MS = 3_000;
/** What `copydesk check` may spend on one document. */
export const CLI_CHECK_BUDGET_MS = 10_000;

const NEW_PHOTO_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type CheckedText = CheckCoverage & { findings: Finding[]; archiveSize: number; grammarPending: boolean; spellingPending: boolean };

async function checkFields(fields: CheckField[], options: WorkerCheckOptions, grammarMayFollow = false): Promise<CheckedText> {
  try {
    const { outcome, archiveSize, grammarPending, spellingPending } = await checkInWorker({ fields, options, grammarMayFollow });
    return { ...outcome, archiveSize, grammarPending, spellingPending };
  } catch (error) {
    // Overran even the hard limit: nothing to show, and the editor is told it was not checked.
    if (isFactcheckTimeout(error)) return { findings: [], complete: false, omitted: 0, archiveSize: 0, grammarPending: false, spellingPending: false };
    throw error;
  }
}

function engineOptions(tuning: CheckTuning, budgetMs: number, excludeArchiveId: string | undefined): WorkerCheckOptions {
  return {
    excludeArchiveId,
    minConfidence: tuning.minConfidence,
    suggestionBudgetMs: tuning.suggestionBudgetMs,
    budgetMs: tuning.budgetMs ?? budgetMs,
    maxFindings: tuning.maxFindings,
  };
}

// ─── Checking a draft from the editor ────────────────────────────────────────────────────────────

const { headline, standfirst, body, photos } = articleEditSchema.shape;
/** The editor's unsaved content: the save's own schemas, without the version bookkeeping. */
export const articleDraftSchema = z.strictObject({ headline, standfirst, body, photos });
export type ArticleDraftInput = z.input<typeof articleDraftSchema>;
export type ArticleDraft = z.output<typeof articleDraftSchema>;

export const articleIdSchema = z.string().trim().min(1).max(64);

/**
 * Findings for the text in the editor (saved or not) of a stored article, checked against every
 * other stored article and the house dictionary; findings ignored for this article come apart.
 * Just after a start the grammar checker may still be loading: the names are not held up for it,
 * and the result says grammar is pending (the editor asks again a moment later).
 */
export async function checkArticleDraft(id: string, draft: ArticleDraft, tuning: CheckTuning = {}): Promise<ArticleCheckResult> {
  const started = performance.now();
  const creditIds = draft.photos.map((photo) => photo.creditId).filter((creditId): creditId is string => creditId !== null);
  const [[article], labels] = await Promise.all([
    // One statement for what the check needs of the stored article (its photos' ids and images,
    // its ignored findings): an editor re-checks a 500-photo article after every pause in typing.
    db.$queryRaw<Array<{ photos: Array<[string, string | null]>; ignores: string[] }>>`
      SELECT coalesce((SELECT jsonb_agg(jsonb_build_array(p."id", p."imageId")) FROM "Photo" p WHERE p."articleId" = a."id"), '[]'::jsonb) AS "photos",
             coalesce((SELECT jsonb_agg(i."fingerprint") FROM "FactcheckIgnore" i WHERE i."articleId" = a."id"), '[]'::jsonb) AS "ignores"
        FROM "Article" a WHERE a."id" = ${id}`,
    creditLabelsById(creditIds),
  ]);
  if (!article) throw new NotFoundError("This article does not exist.");
  const ownPhotos = new Map(article.photos);
  draft.photos.forEach((photo, index) => {
    // A fresh UUID is a photo added in the editor and not saved yet (the save's own rule).
    if (!ownPhotos.has(photo.id) && !NEW_PHOTO_ID.test(photo.id)) {
      throw ValidationError.forField(`photos.${index}.id`, "This photo does not belong to this article.");
    }
  });

  const checkable: CheckableArticle = {
    headline: draft.headline,
    standfirst: draft.standfirst,
    body: draft.body,
    photos: draft.photos.map((photo) => ({
      id: photo.id,
      caption: photo.caption,
      credit: photo.creditId && labels.has(photo.creditId) ? { id: photo.creditId, label: labels.get(photo.creditId)! } : null,
    })),
  };
  const checked = await checkFields(articleCheckFields(checkable), engineOptions(tuning, DESK_CHECK_BUDGET_MS, id), true);
  const ignored = new Set(article.ignores);
  // An omitted imageId means "unchanged" in a draft, as in a save.
  const altFindings = findMissingAltText(
    draft.photos.map((photo) => ({ id: photo.id, alt: photo.alt, imageId: photo.imageId === undefined ? (ownPhotos.get(photo.id) ?? null) : photo.imageId })),
  );
  return {
    ...partition([...altFindings, ...checked.findings], ignored, describeArticleFields(checkable)),
    complete: checked.complete,
    omitted: checked.omitted,
    archiveSize: checked.archiveSize,
    grammarPending: checked.grammarPending,
    spellingPending: checked.spellingPending,
    durationMs: Math.round(performance.now() - started),
  };
}

// ─── Checking stored articles and documents (the CLI) ────────────────────────────────────────────

export interface StoredArticleCheck extends CheckCoverage {
  id: string;
  slug: string;
  headline: string;
  /** Open findings (ignored ones left out). */
  findings: FindingView[];
}

/** Every stored article's current (draft) content, checked against all the others, in slug order. */
export async function* checkStoredArticles(tuning: CheckTuning = {}): AsyncGenerator<StoredArticleCheck> {
  for (let cursor: string | undefined; ; ) {
    const page = await db.article.findMany({
      select: { ...archiveSelect, factcheckIgnores: { select: { fingerprint: true } } },
      orderBy: { slug: "asc" },
      take: BUILD_PAGE_SIZE,
      ...(cursor ? { cursor: { slug: cursor }, skip: 1 } : {}),
    });
    for (const article of page) {
      const fields = storedFields(article);
      if (!fields) continue;
      const checked = await checkFields(fields, engineOptions(tuning, CLI_CHECK_BUDGET_MS, article.id));
      const ignored = new Set(article.factcheckIgnores.map((ignore) => ignore.fingerprint));
      const views = partition(checked.findings, ignored, describeArticleFields(checkableFromStored(article)));
      yield { id: article.id, slug: article.slug, headline: article.headline, findings: views.findings, complete: checked.complete, omitted: checked.omitted };
    }
    if (page.length < BUILD_PAGE_SIZE) break;
    cursor = page.at(-1)!.slug;
  }
}

/** The fields of a parsed wire document; photos are numbered, credits keyed by their label. */
export function checkableFromDocument(parsed: ParsedDocument): CheckableArticle {
  const content = articleContentFromParsed(parsed);
  return {
    headline: content.headline,
    standfirst: content.standfirst,
    body: content.body,
    photos: content.photos.map((photo) => {
      const label = photo.credit ? formatCredit(photo.credit) : null;
      return { id: String(photo.position + 1), caption: photo.caption, credit: label ? { id: label, label } : null };
    }),
  };
}

/**
 * Findings for a wire document not (necessarily) imported, against the stored archive. When the
 * document was imported before (`sourceFile`, its base name), that stored copy is not evidence.
 */
export async function checkDocument(
  parsed: ParsedDocument,
  options: CheckTuning & { sourceFile?: string } = {},
): Promise<CheckCoverage & { findings: FindingView[] }> {
  const imported = options.sourceFile ? await db.article.findUnique({ where: { sourceFile: options.sourceFile }, select: { id: true } }) : null;
  const checkable = checkableFromDocument(parsed);
  const checked = await checkFields(articleCheckFields(checkable), engineOptions(options, CLI_CHECK_BUDGET_MS, imported?.id));
  const descriptions = describeArticleFields(checkable);
  return { findings: checked.findings.map((finding) => viewOf(finding, descriptions)), complete: checked.complete, omitted: checked.omitted };
}
