import "server-only";
import { z } from "zod";
import { articleEditSchema, formatCredit } from "@/lib/articles";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import type { CaptionDoc, RichTextDoc } from "@/lib/editor";
import type { Actor } from "@/lib/auth/access";
import { NotFoundError, ValidationError } from "@/lib/errors";
import {
  articleCheckFields,
  describeArticleFields,
  describeLocation,
  type CheckableArticle,
  type FieldDescription,
} from "@/lib/factcheck/article-fields";
import { createFactChecker } from "@/lib/factcheck/fact-checker";
import type { CheckField, FactChecker, Finding, HouseEntry } from "@/lib/factcheck/types";
import { articleContentFromParsed, type ParsedDocument } from "@/lib/importer";

// The fact-checker as the desk and the CLI use it: one checker per process whose archive is every
// stored article, built once (lazily, on the first check) and then kept current incrementally.
// Before each check it asks the database only what changed since it last looked — articles by
// `updatedAt`, credits renamed (audit events), the house dictionary (a digest) — and re-indexes
// just those. Other server instances and CLI imports write to the same database, so this also
// keeps several instances in step without any messaging between them.

/**
 * Rows are looked for a little before the newest change seen: `updatedAt` is stamped when a
 * transaction starts (or by the writer's clock), so a long transaction commits rows older than
 * changes already seen. Longer than the importer's longest transaction.
 */
const SYNC_OVERLAP_MS = 150_000;
/**
 * Looking back over the overlap costs a scan of every row changed in it (all 50,000 after a big
 * import), so checks do it at most this often; in between they look only from the newest change
 * seen on. A row committed late is then picked up within this long.
 */
const OVERLAP_SCAN_INTERVAL_MS = 5_000;
const BUILD_PAGE_SIZE = 250;

// ─── Reading stored articles ─────────────────────────────────────────────────────────────────────

const archiveSelect = {
  id: true,
  slug: true,
  headline: true,
  standfirst: true,
  body: true,
  version: true,
  updatedAt: true,
  photos: {
    select: { id: true, position: true, caption: true, credit: { select: { id: true, agency: true, photographer: true } } },
    orderBy: { position: "asc" },
  },
} satisfies Prisma.ArticleSelect;

type StoredArticle = Prisma.ArticleGetPayload<{ select: typeof archiveSelect }>;

function checkableFromStored(article: StoredArticle): CheckableArticle {
  return {
    headline: article.headline,
    standfirst: article.standfirst,
    body: article.body as unknown as RichTextDoc,
    photos: article.photos.map((photo) => ({
      id: photo.id,
      caption: photo.caption as unknown as CaptionDoc,
      credit: photo.credit ? { id: photo.credit.id, label: formatCredit(photo.credit) } : null,
    })),
  };
}

/** A stored article's fields, or null when its JSON does not fit the editor schema (it is skipped, not fatal). */
function storedFields(article: StoredArticle): CheckField[] | null {
  try {
    return articleCheckFields(checkableFromStored(article));
  } catch (error) {
    console.error(`[copydesk] fact-check: article ${article.id} has content the editor schema cannot read`, error);
    return null;
  }
}

const changeKey = (row: { updatedAt: Date; version: number }) => `${row.updatedAt.getTime()}:${row.version}`;

// ─── The per-process checker ─────────────────────────────────────────────────────────────────────

interface Archive {
  checker: FactChecker;
  /** Article id → the change key (updatedAt, version) of what is indexed. */
  indexed: Map<string, string>;
  /** Newest `updatedAt` (ms) seen; changes are looked for from a little before it. */
  articleWatermark: number;
  /** When (this process's clock) the last sync looked back over the overlap. */
  lastOverlapScan: number;
  /** Newest credit.update audit event seen (ms), and the ids of recent ones already applied. */
  creditWatermark: number;
  creditEventsApplied: Map<string, number>;
  /** What the house dictionary looked like when loaded; "" forces a reload. */
  dictionaryDigest: string;
}

export interface FactcheckServiceStats {
  /** Times the archive was built from scratch (once per process, unless reset). */
  builds: number;
  /** Incremental syncs run. */
  syncs: number;
  /** Articles (re)indexed by syncs after the build. */
  articlesReindexed: number;
  /** House dictionary reloads after the build. */
  dictionaryReloads: number;
  archiveSize: number;
}

interface Holder {
  archive: Promise<Archive> | null;
  syncing: Promise<Archive> | null;
  stats: Omit<FactcheckServiceStats, "archiveSize">;
}

// On globalThis so that Next's dev reloads of this module keep the one index.
const holderKey = Symbol.for("copydesk.factcheck.service");
const globalHolder = globalThis as unknown as Record<symbol, Holder | undefined>;
const holder: Holder = (globalHolder[holderKey] ??= {
  archive: null,
  syncing: null,
  stats: { builds: 0, syncs: 0, articlesReindexed: 0, dictionaryReloads: 0 },
});

async function dictionaryDigest(): Promise<string> {
  // Entries have no updatedAt; a digest of the (small) table tells whether anything changed,
  // whoever changed it.
  const [row] = await db.$queryRaw<Array<{ entries: number; digest: string | null }>>`
    SELECT count(*)::int AS entries,
           md5(string_agg("canonical" || chr(31) || array_to_string("variants", chr(30)), chr(29) ORDER BY "canonical")) AS digest
      FROM "DictionaryEntry"`;
  return `${row?.entries ?? 0}:${row?.digest ?? ""}`;
}

async function loadHouseDictionary(): Promise<HouseEntry[]> {
  const entries = await db.dictionaryEntry.findMany({ select: { canonical: true, variants: true }, orderBy: { canonical: "asc" } });
  return entries.map((entry) => ({ canonical: entry.canonical, variants: entry.variants }));
}

async function newestCreditEvent(): Promise<number> {
  const newest = await db.auditEvent.findFirst({ where: { action: "credit.update" }, orderBy: { at: "desc" }, select: { at: true } });
  return newest?.at.getTime() ?? 0;
}

function index(archive: Archive, article: StoredArticle): void {
  const fields = storedFields(article);
  if (fields) archive.checker.addArchiveDocument(article.id, fields);
  else archive.checker.removeArchiveDocument(article.id);
  archive.indexed.set(article.id, changeKey(article));
}

async function buildArchive(): Promise<Archive> {
  holder.stats.builds++;
  const startedAt = Date.now();
  // Read the change markers before the content, so nothing changed meanwhile is missed.
  const [digest, creditWatermark] = await Promise.all([dictionaryDigest(), newestCreditEvent()]);
  const checker = await createFactChecker({ houseDictionary: await loadHouseDictionary() });
  const archive: Archive = {
    checker,
    indexed: new Map(),
    articleWatermark: 0,
    lastOverlapScan: 0,
    creditWatermark,
    creditEventsApplied: new Map(),
    dictionaryDigest: digest,
  };
  let newest = 0;
  for (let cursor: string | undefined; ; ) {
    const page = await db.article.findMany({
      select: archiveSelect,
      orderBy: { id: "asc" },
      take: BUILD_PAGE_SIZE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const article of page) {
      index(archive, article);
      newest = Math.max(newest, article.updatedAt.getTime());
    }
    if (page.length < BUILD_PAGE_SIZE) break;
    cursor = page.at(-1)!.id;
  }
  // An article edited while the pages were read may carry a time older than rows read later.
  archive.articleWatermark = Math.min(newest, startedAt);
  return archive;
}

async function syncArchive(archive: Archive): Promise<void> {
  holder.stats.syncs++;
  const overlap = Date.now() - archive.lastOverlapScan >= OVERLAP_SCAN_INTERVAL_MS;
  if (overlap) archive.lastOverlapScan = Date.now();
  const since = new Date(archive.articleWatermark - (overlap ? SYNC_OVERLAP_MS : 0));
  const creditsSince = new Date(archive.creditWatermark - SYNC_OVERLAP_MS);
  const [changed, creditEvents, digest, articleCount] = await Promise.all([
    db.article.findMany({ where: { updatedAt: { gte: since } }, select: { id: true, updatedAt: true, version: true } }),
    db.auditEvent.findMany({
      where: { action: "credit.update", at: { gt: creditsSince } },
      select: { id: true, at: true, targetId: true },
    }),
    dictionaryDigest(),
    db.article.count(),
  ]);

  const stale = new Set(changed.filter((row) => archive.indexed.get(row.id) !== changeKey(row)).map((row) => row.id));
  for (const row of changed) archive.articleWatermark = Math.max(archive.articleWatermark, row.updatedAt.getTime());

  // A renamed credit changes the credit field of every article using it, without touching them.
  const renamedCredits = new Set<string>();
  for (const event of creditEvents) {
    if (archive.creditEventsApplied.has(event.id)) continue;
    archive.creditEventsApplied.set(event.id, event.at.getTime());
    archive.creditWatermark = Math.max(archive.creditWatermark, event.at.getTime());
    if (event.targetId) renamedCredits.add(event.targetId);
  }
  for (const [id, at] of archive.creditEventsApplied) {
    if (at < archive.creditWatermark - 2 * SYNC_OVERLAP_MS) archive.creditEventsApplied.delete(id);
  }

  const reload: Prisma.ArticleWhereInput[] = [];
  if (stale.size > 0) reload.push({ id: { in: [...stale] } });
  if (renamedCredits.size > 0) reload.push({ photos: { some: { creditId: { in: [...renamedCredits] } } } });
  if (reload.length > 0) {
    const articles = await db.article.findMany({ where: { OR: reload }, select: archiveSelect });
    for (const article of articles) index(archive, article);
    holder.stats.articlesReindexed += articles.length;
  }

  // Articles are not deleted by the desk; if the count still disagrees (a deletion, or a row whose
  // time fell outside the overlap), compare ids once and fetch what is missing.
  if (articleCount !== archive.indexed.size) {
    const ids = new Set((await db.article.findMany({ select: { id: true } })).map((row) => row.id));
    for (const id of archive.indexed.keys()) {
      if (ids.has(id)) continue;
      archive.checker.removeArchiveDocument(id);
      archive.indexed.delete(id);
    }
    const missing = [...ids].filter((id) => !archive.indexed.has(id));
    if (missing.length > 0) {
      const articles = await db.article.findMany({ where: { id: { in: missing } }, select: archiveSelect });
      for (const article of articles) index(archive, article);
      holder.stats.articlesReindexed += articles.length;
    }
  }

  if (digest !== archive.dictionaryDigest) {
    archive.checker.setHouseDictionary(await loadHouseDictionary());
    archive.dictionaryDigest = digest;
    holder.stats.dictionaryReloads++;
  }
}

/** The checker, built on first use and brought up to date with the database. */
async function currentChecker(): Promise<FactChecker> {
  if (!holder.archive) {
    const building = buildArchive();
    holder.archive = building;
    // A failed build (database down) is retried by the next check rather than cached.
    building.catch(() => {
      if (holder.archive === building) holder.archive = null;
    });
    return (await building).checker;
  }
  const archive = await holder.archive;
  // Checks arriving together share one sync.
  holder.syncing ??= syncArchive(archive)
    .then(() => archive)
    .finally(() => {
      holder.syncing = null;
    });
  await holder.syncing;
  return archive.checker;
}

/** Builds the archive now (e.g. when the desk opens an article) instead of on the first check. */
export async function warmFactChecker(): Promise<void> {
  await currentChecker();
}

/** The house dictionary changed in this process: reload it before the next check. */
export function invalidateHouseDictionary(): void {
  void holder.archive?.then(
    (archive) => {
      archive.dictionaryDigest = "";
    },
    () => {},
  );
}

export async function factcheckServiceStats(): Promise<FactcheckServiceStats> {
  const archive = holder.archive ? await holder.archive.catch(() => null) : null;
  return { ...holder.stats, archiveSize: archive?.checker.archiveSize ?? 0 };
}

/** For tests: forget the archive and the counts, so the next check builds it again. */
export function resetFactcheckService(): void {
  holder.archive = null;
  holder.syncing = null;
  holder.stats = { builds: 0, syncs: 0, articlesReindexed: 0, dictionaryReloads: 0 };
}

// ─── Findings for people ─────────────────────────────────────────────────────────────────────────

/** A finding with where it stands in words ("Body ¶3", "Caption 4"). */
export interface FindingView extends Finding {
  /** "Body ¶3", "Caption 4", "Headline". */
  where: string;
  /** "caption-4": the field as the CLI prints it. */
  fieldToken: string;
  /** The 1-based photo number, for captions and credits. */
  photoNumber?: number;
}

function viewOf(finding: Finding, descriptions: Map<string, FieldDescription>): FindingView {
  const description = descriptions.get(finding.location.fieldKey);
  return {
    ...finding,
    where: describeLocation(description, finding.location.fieldKey, finding.location.block),
    fieldToken: description?.token ?? finding.location.fieldKey,
    ...(description?.photoNumber ? { photoNumber: description.photoNumber } : {}),
  };
}

export interface CheckTuning {
  /** Findings below this confidence are dropped (engine default 0.5). */
  minConfidence?: number;
  /** For checks while typing: the longest (ms) to spend on spelling suggestions. */
  suggestionBudgetMs?: number;
}

export interface ArticleCheckResult {
  /** Open findings, most confident first. */
  findings: FindingView[];
  /** Findings editors chose to ignore for this article (still shown, so the choice can be undone). */
  ignored: FindingView[];
  archiveSize: number;
  durationMs: number;
}

function partition(findings: Finding[], ignored: ReadonlySet<string>, descriptions: Map<string, FieldDescription>) {
  const open: FindingView[] = [];
  const set: FindingView[] = [];
  for (const finding of findings) (ignored.has(finding.fingerprint) ? set : open).push(viewOf(finding, descriptions));
  return { findings: open, ignored: set };
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
 */
export async function checkArticleDraft(id: string, draft: ArticleDraft, tuning: CheckTuning = {}): Promise<ArticleCheckResult> {
  const started = performance.now();
  const creditIds = [...new Set(draft.photos.map((photo) => photo.creditId).filter((creditId): creditId is string => creditId !== null))];
  const [article, credits, checker] = await Promise.all([
    db.article.findUnique({
      where: { id },
      select: { photos: { select: { id: true } }, factcheckIgnores: { select: { fingerprint: true } } },
    }),
    creditIds.length > 0 ? db.credit.findMany({ where: { id: { in: creditIds } } }) : Promise.resolve([]),
    currentChecker(),
  ]);
  if (!article) throw new NotFoundError("This article does not exist.");
  const ownPhotos = new Set(article.photos.map((photo) => photo.id));
  draft.photos.forEach((photo, index) => {
    if (!ownPhotos.has(photo.id)) throw ValidationError.forField(`photos.${index}.id`, "This photo does not belong to this article.");
  });
  const labels = new Map(credits.map((credit) => [credit.id, formatCredit(credit)]));

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
  const findings = checker.check(articleCheckFields(checkable), {
    excludeArchiveId: id,
    minConfidence: tuning.minConfidence,
    suggestionBudgetMs: tuning.suggestionBudgetMs,
  });
  const ignored = new Set(article.factcheckIgnores.map((ignore) => ignore.fingerprint));
  return {
    ...partition(findings, ignored, describeArticleFields(checkable)),
    archiveSize: checker.archiveSize,
    durationMs: Math.round(performance.now() - started),
  };
}

// ─── Checking stored articles and documents (the CLI) ────────────────────────────────────────────

export interface StoredArticleCheck {
  id: string;
  slug: string;
  headline: string;
  /** Open findings (ignored ones left out). */
  findings: FindingView[];
}

/** Every stored article's current (draft) content, checked against all the others, in slug order. */
export async function* checkStoredArticles(tuning: CheckTuning = {}): AsyncGenerator<StoredArticleCheck> {
  const checker = await currentChecker();
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
      const findings = checker.check(fields, { excludeArchiveId: article.id, minConfidence: tuning.minConfidence });
      const ignored = new Set(article.factcheckIgnores.map((ignore) => ignore.fingerprint));
      const views = partition(findings, ignored, describeArticleFields(checkableFromStored(article)));
      yield { id: article.id, slug: article.slug, headline: article.headline, findings: views.findings };
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
export async function checkDocument(parsed: ParsedDocument, options: CheckTuning & { sourceFile?: string } = {}): Promise<FindingView[]> {
  const [checker, imported] = await Promise.all([
    currentChecker(),
    options.sourceFile ? db.article.findUnique({ where: { sourceFile: options.sourceFile }, select: { id: true } }) : null,
  ]);
  const checkable = checkableFromDocument(parsed);
  const findings = checker.check(articleCheckFields(checkable), { excludeArchiveId: imported?.id, minConfidence: options.minConfidence });
  const descriptions = describeArticleFields(checkable);
  return findings.map((finding) => viewOf(finding, descriptions));
}

// ─── Ignoring findings for one article ───────────────────────────────────────────────────────────

export const findingRefSchema = z.strictObject({
  articleId: articleIdSchema,
  // Opaque to the desk: hex digits from the engine's hash (a half may carry a minus sign).
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/, "This is not a fact-check finding."),
});

export type FindingRef = z.output<typeof findingRefSchema>;

/** Remembers that editors chose to ignore this finding in this article (every occurrence of it). */
export async function ignoreFinding(ref: FindingRef, actor: Actor): Promise<void> {
  const ignore = db.$transaction(async (tx) => {
    const article = await tx.article.findUnique({ where: { id: ref.articleId }, select: { id: true } });
    if (!article) throw new NotFoundError("This article does not exist.");
    const existing = await tx.factcheckIgnore.findUnique({ where: { articleId_fingerprint: ref }, select: { id: true } });
    if (existing) return;
    await tx.factcheckIgnore.create({ data: { ...ref, createdById: actor.id } });
    await recordAudit(tx, { actorId: actor.id, action: "factcheck.ignore", targetType: "article", targetId: ref.articleId, details: { fingerprint: ref.fingerprint } });
  });
  await ignore.catch((error: unknown) => {
    // Two people ignoring it at the same moment: it is ignored, which is what both wanted.
    if ((error as { code?: unknown } | null)?.code !== "P2002") throw error;
  });
}

/** Undoes `ignoreFinding`: the finding shows again. */
export async function unignoreFinding(ref: FindingRef, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.factcheckIgnore.deleteMany({ where: { articleId: ref.articleId, fingerprint: ref.fingerprint } });
    if (count === 0) return;
    await recordAudit(tx, { actorId: actor.id, action: "factcheck.unignore", targetType: "article", targetId: ref.articleId, details: { fingerprint: ref.fingerprint } });
  });
}
