import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { Prisma, type ArticleStatus } from "@/lib/db/generated/client";
import { decodeCursor, keysetPage } from "@/lib/db/keyset";
import { ConflictError, NotFoundError, parseInput } from "@/lib/errors";
import { invalidateReaderContent } from "@/lib/site/invalidate";
import { formatCredit } from "./credit";
import type { Actor } from "@/lib/auth/access";
import { renameCreditInArchive } from "@/lib/factcheck/archive-refresh";

// Photo credits ("AP/Martin Meissner") are shared rows: photos point at them, so fixing a
// photographer's name here fixes it on every photo — and on the reader pages of published
// articles, which show the credit by id.

export const CREDIT_PART_MAX = 120;

// Spaces are normalised: "AP " and "AP" are the same agency, and a doubled space is a typo.
const creditPart = (what: string) =>
  z
    .string()
    .transform((value) => value.replace(/\s+/g, " ").trim())
    .pipe(
      z
        .string()
        .min(1, `Enter the ${what}.`)
        .max(CREDIT_PART_MAX, `Keep the ${what} under ${CREDIT_PART_MAX} characters.`)
        // The label joins the two with "/", so a slash inside either would read ambiguously.
        .refine((value) => !value.includes("/"), `The ${what} cannot contain "/".`),
    );

export const creditInputSchema = z.strictObject({
  agency: creditPart("agency"),
  photographer: creditPart("photographer's name"),
});

export const creditUpdateSchema = z.strictObject({
  id: z.string().trim().min(1).max(64),
  agency: creditPart("agency"),
  photographer: creditPart("photographer's name"),
  // What the editor saw before changing it; a credit changed meanwhile is refused, not overwritten.
  expectedAgency: z.string().optional(),
  expectedPhotographer: z.string().optional(),
});

export interface CreditOption {
  id: string;
  agency: string;
  photographer: string;
  label: string;
}

export interface CreditListItem extends CreditOption {
  photoCount: number;
  /** How many articles use the credit; `articles` names a few of them. */
  articleCount: number;
  articles: Array<{ id: string; slug: string; headline: string; status: ArticleStatus }>;
}

export const CREDITS_PAGE_SIZE = 50;
/** How many of a credit's articles the list names (any few, from the index); all of them are a link to the desk filtered by the credit. */
export const CREDIT_ARTICLES_SHOWN = 3;

// What someone types to find a credit: control characters and runs of spaces read as one space.
const creditSearchText = z
  .string()
  .transform((value) => value.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim())
  .pipe(z.string().max(CREDIT_PART_MAX, `Search for at most ${CREDIT_PART_MAX} characters.`));

/**
 * Credits whose "agency photographer" or label ("AP/Ann Lee") contains `query`, ignoring case and
 * accents (the credits page and the editor's picker find credits the same way).
 */
function creditMatches(query: string): Prisma.Sql {
  const pattern = `%${query.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  return Prisma.sql`(unaccent(c.agency || ' ' || c.photographer) ILIKE unaccent(${pattern}::text)
    OR unaccent(c.agency || '/' || c.photographer) ILIKE unaccent(${pattern}::text))`;
}

const firstValue = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const givenText = (value: unknown) => {
  const first = firstValue(value);
  return typeof first === "string" && first.trim() !== "" ? first : undefined;
};

/**
 * The credits page's filters from the URL: `?q=…` (agency or photographer), `?credit=<id>` (one
 * credit: where a fact-check finding in a credit links) and the keyset position.
 */
export const creditListQuerySchema = z.object({
  credit: z.preprocess(givenText, z.string().trim().max(64, "This credit link is broken.").optional()),
  q: z.preprocess(givenText, creditSearchText.optional()),
  after: z.preprocess(givenText, z.string().max(400).optional()),
  before: z.preprocess(givenText, z.string().max(400).optional()),
});

export interface CreditListPage {
  credits: CreditListItem[];
  query: string | null;
  /** The one credit asked for by id, or null. */
  creditId: string | null;
  total: number;
  next: string | null;
  previous: string | null;
}

const toOption = (credit: { id: string; agency: string; photographer: string }): CreditOption => ({
  id: credit.id,
  agency: credit.agency,
  photographer: credit.photographer,
  label: formatCredit(credit),
});

/**
 * The labels ("AP/Martin Meissner") of the credits with these ids, as they read now: what reader
 * pages, the preview and the fact-check show for a photo's credit. Ids of deleted credits are absent.
 */
export async function creditLabelsById(ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  // Raw: Prisma's query compiler costs ~1 ms a call on an "in" list of a long article's 500 ids
  // (the fact-check asks on every re-check; profiled in bench:desk).
  const credits = await db.$queryRaw<Array<{ id: string; agency: string; photographer: string }>>`
    SELECT "id", "agency", "photographer" FROM "Credit" WHERE "id" = ANY(${wanted}::text[])`;
  return new Map(credits.map((credit) => [credit.id, formatCredit(credit)]));
}

/** How many credits the editor's picker gets per search: a newsroom has thousands, a photo needs one. */
export const CREDIT_SEARCH_LIMIT = 20;

export const creditSearchSchema = z.strictObject({ q: creditSearchText });

export interface CreditSearchResult {
  /** The first CREDIT_SEARCH_LIMIT matches, by agency then photographer. */
  credits: CreditOption[];
  /** More credits match than were given: the editor types more to narrow. */
  more: boolean;
}

/**
 * The photo credit picker's search: the first CREDIT_SEARCH_LIMIT credits matching `q` (all
 * credits when it is empty), one bounded query whatever the number of credits.
 */
export async function searchCreditOptions({ q }: z.output<typeof creditSearchSchema>): Promise<CreditSearchResult> {
  const where = q ? Prisma.sql`WHERE ${creditMatches(q)}` : Prisma.empty;
  const rows = await db.$queryRaw<Array<{ id: string; agency: string; photographer: string }>>`
    SELECT c.id, c.agency, c.photographer FROM "Credit" c ${where}
     ORDER BY c.agency, c.photographer LIMIT ${CREDIT_SEARCH_LIMIT + 1}`;
  return { credits: rows.slice(0, CREDIT_SEARCH_LIMIT).map(toOption), more: rows.length > CREDIT_SEARCH_LIMIT };
}

/**
 * The credit with exactly this agency and photographer (spaces normalised as a rename does), or
 * null: the credits page asks before a rename that would merge two credits.
 */
export async function findCreditByName({ agency, photographer }: z.output<typeof creditInputSchema>): Promise<CreditOption | null> {
  const credit = await db.credit.findUnique({ where: { agency_photographer: { agency, photographer } } });
  return credit ? toOption(credit) : null;
}

/**
 * One page of credits (by agency, then photographer — the unique key, so it is the keyset too)
 * matching `q` in either part, ignoring case and accents; each with its photo and article counts
 * and a few of its articles. One query per page, counts from the (creditId,
 * articleId) index; the number of credits is bounded by the photographers a newsroom works with.
 */
export async function listCredits(input: z.input<typeof creditListQuerySchema> = {}): Promise<CreditListPage> {
  const filter = parseInput(creditListQuerySchema, input);
  const direction = filter.after ? "after" : filter.before ? "before" : null;
  const conditions: Prisma.Sql[] = [];
  if (filter.credit) conditions.push(Prisma.sql`c.id = ${filter.credit}`);
  if (filter.q) conditions.push(creditMatches(filter.q));
  const countWhere = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
  if (direction) {
    const [agency, photographer] = decodeCursor((filter.after ?? filter.before)!, 2);
    conditions.push(
      direction === "after"
        ? Prisma.sql`(c.agency, c.photographer) > (${agency}, ${photographer})`
        : Prisma.sql`(c.agency, c.photographer) < (${agency}, ${photographer})`,
    );
  }
  const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
  const order = direction === "before" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const [rows, [{ total }]] = await Promise.all([
    db.$queryRaw<Array<{ id: string; agency: string; photographer: string; photoCount: number; articleCount: number; articles: CreditListItem["articles"] }>>`
      WITH page AS MATERIALIZED (
        SELECT c.id, c.agency, c.photographer FROM "Credit" c ${where}
         ORDER BY c.agency ${order}, c.photographer ${order} LIMIT ${CREDITS_PAGE_SIZE + 1}
      )
      SELECT page.*, counts."photoCount", counts."articleCount", coalesce(recent.articles, '[]'::jsonb) AS articles
        FROM page
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS "photoCount", count(DISTINCT p."articleId")::int AS "articleCount" FROM "Photo" p WHERE p."creditId" = page.id
        ) counts
        LEFT JOIN LATERAL (
          SELECT jsonb_agg(jsonb_build_object('id', a.id, 'slug', a.slug, 'headline', a.headline, 'status', a.status) ORDER BY a.id) AS articles
            FROM (SELECT DISTINCT p."articleId" FROM "Photo" p WHERE p."creditId" = page.id ORDER BY p."articleId" LIMIT ${CREDIT_ARTICLES_SHOWN}) used
            JOIN "Article" a ON a.id = used."articleId"
        ) recent ON true
       ORDER BY page.agency ${order}, page.photographer ${order}`,
    db.$queryRaw<Array<{ total: number }>>`SELECT count(*)::int AS total FROM "Credit" c ${countWhere}`,
  ]);
  const page = keysetPage(rows, { pageSize: CREDITS_PAGE_SIZE, direction, key: (row) => [row.agency, row.photographer] });
  return {
    credits: page.rows.map((row) => ({ ...toOption(row), photoCount: row.photoCount, articleCount: row.articleCount, articles: row.articles })),
    query: filter.q ?? null,
    creditId: filter.credit ?? null,
    total,
    next: page.next,
    previous: page.previous,
  };
}

/** A credit for the picker: the existing one when agency and photographer already exist, else a new one. */
export async function createCredit(
  { agency, photographer }: z.output<typeof creditInputSchema>,
  actor: Actor,
): Promise<CreditOption & { created: boolean }> {
  return db.$transaction(async (tx) => {
    const existing = await tx.credit.findUnique({ where: { agency_photographer: { agency, photographer } } });
    if (existing) return { ...toOption(existing), created: false };
    const credit = await tx.credit.create({ data: { agency, photographer } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "credit.create",
      targetType: "credit",
      targetId: credit.id,
      details: { label: formatCredit(credit) },
    });
    return { ...toOption(credit), created: true };
  }).catch(async (error: unknown) => {
    // Two editors creating the same credit at once: the unique index lets one win; use its row.
    if ((error as { code?: string }).code !== "P2002") throw error;
    const existing = await db.credit.findUniqueOrThrow({ where: { agency_photographer: { agency, photographer } } });
    return { ...toOption(existing), created: false };
  });
}

export interface CreditUpdateResult {
  credit: CreditOption;
  changed: boolean;
  /** The credit was renamed to one that already existed: its photos moved there and it was removed. */
  mergedFrom: CreditOption | null;
  /** Published articles whose reader pages showed the credit (invalidated after commit). */
  invalidatedSlugs: string[];
}

/** Slugs of published articles whose live page shows the credit, from their published snapshot or their photos. */
async function publishedSlugsUsing(tx: Prisma.TransactionClient, creditId: string): Promise<string[]> {
  const containing = JSON.stringify([{ creditId }]);
  const rows = await tx.$queryRaw<Array<{ slug: string }>>`
    SELECT a."slug" FROM "Article" a
     WHERE a."status" = 'published' AND a."publishedSnapshot"->'photos' @> ${containing}::jsonb
    UNION
    SELECT a."slug" FROM "Article" a
     WHERE a."status" = 'published' AND a.id IN (SELECT p."articleId" FROM "Photo" p WHERE p."creditId" = ${creditId})
    ORDER BY 1`;
  return rows.map((row) => row.slug);
}

/**
 * Renames a credit; every photo using it shows the new name. Renaming onto an agency and
 * photographer that already exist MERGES: the photos move to the existing credit, published
 * snapshots are pointed at it, and this credit is deleted (two rows for one photographer is the
 * mistake being fixed). Refused with a ConflictError when someone changed the credit meanwhile
 * (expectedAgency/expectedPhotographer). Reader pages of affected published articles are invalidated.
 */
export async function updateCredit(update: z.output<typeof creditUpdateSchema>, actor: Actor): Promise<CreditUpdateResult> {
  const result = await db.$transaction(async (tx): Promise<CreditUpdateResult> => {
    const locked = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT "id" FROM "Credit" WHERE "id" = ${update.id} FOR UPDATE`;
    if (locked.length === 0) throw new NotFoundError("This credit does not exist any more.");
    const credit = await tx.credit.findUniqueOrThrow({ where: { id: update.id } });
    const stale =
      (update.expectedAgency !== undefined && update.expectedAgency !== credit.agency) ||
      (update.expectedPhotographer !== undefined && update.expectedPhotographer !== credit.photographer);
    if (stale) {
      throw new ConflictError(`Someone changed this credit to "${formatCredit(credit)}" meanwhile. Check it and try again.`, {
        current: toOption(credit),
      });
    }
    if (credit.agency === update.agency && credit.photographer === update.photographer) {
      return { credit: toOption(credit), changed: false, mergedFrom: null, invalidatedSlugs: [] };
    }

    const slugs = await publishedSlugsUsing(tx, credit.id);
    const target = await tx.credit.findUnique({
      where: { agency_photographer: { agency: update.agency, photographer: update.photographer } },
    });
    const details = { from: formatCredit(credit), to: formatCredit(update) };

    // Every article showing this credit reads differently to the fact-check now: its archive
    // counts move by the names' difference, keyed by the credit (before a merge moves its photos).
    // The desk search re-indexes those articles through the triggers on Credit and Photo, set-based.
    await renameCreditInArchive(tx, credit.id, formatCredit(credit), formatCredit(update));

    if (!target) {
      const renamed = await tx.credit.update({
        where: { id: credit.id },
        data: { agency: update.agency, photographer: update.photographer },
      });
      await recordAudit(tx, { actorId: actor.id, action: "credit.update", targetType: "credit", targetId: credit.id, details });
      return { credit: toOption(renamed), changed: true, mergedFrom: null, invalidatedSlugs: slugs };
    }

    await tx.photo.updateMany({ where: { creditId: credit.id }, data: { creditId: target.id } });
    await repointPublishedSnapshots(tx, credit.id, toOption(target));
    await tx.credit.delete({ where: { id: credit.id } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "credit.update",
      targetType: "credit",
      targetId: target.id,
      details: { ...details, mergedCreditId: credit.id },
    });
    return { credit: toOption(target), changed: true, mergedFrom: toOption(credit), invalidatedSlugs: slugs };
  });
  if (result.invalidatedSlugs.length > 0) await invalidateReaderContent({ slugs: result.invalidatedSlugs });
  return result;
}

// Published snapshots reference credits by id; after a merge they must name the surviving credit,
// or readers would see a credit that no longer exists. Revision snapshots stay as they were (history).
// One statement, whatever the number of articles (the GIN index on the snapshot's photos finds them);
// keys a photo has besides creditId and credit are kept as they are.
async function repointPublishedSnapshots(tx: Prisma.TransactionClient, fromId: string, to: CreditOption) {
  const containing = JSON.stringify([{ creditId: fromId }]);
  await tx.$executeRaw`
    UPDATE "Article" a
       SET "publishedSnapshot" = jsonb_set(a."publishedSnapshot", '{photos}', (
             SELECT jsonb_agg(CASE WHEN photo->>'creditId' = ${fromId}
                                   THEN photo || jsonb_build_object('creditId', ${to.id}::text, 'credit', ${to.label}::text)
                                   ELSE photo END ORDER BY ordinal)
               FROM jsonb_array_elements(a."publishedSnapshot"->'photos') WITH ORDINALITY AS photos(photo, ordinal)))
     WHERE a."publishedSnapshot"->'photos' @> ${containing}::jsonb`;
}
