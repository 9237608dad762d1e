import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";
import { decodeCursor, keysetPage } from "@/lib/db/keyset";
import type { Actor } from "@/lib/auth/access";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import {
  DICTIONARY_CATEGORIES,
  addVariantSchema,
  dictionaryDeleteSchema,
  dictionaryEntrySchema,
  dictionaryUpdateSchema,
  type DictionaryCategory,
  type DictionaryEntryView,
} from "@/lib/factcheck/dictionary-schema";
import { invalidateHouseDictionary } from "@/lib/factcheck/pool";

// The house dictionary as the desk keeps it: canonical spellings of names, places and bands with
// the misspellings editors have met. The fact-checker flags a listed misspelling wherever it
// stands and counts the canonical spelling as evidence for near-misses nobody listed yet.
// Every change is audited ("dictionary.update"); the checker reloads the dictionary on its next
// check (in this process at once, in others by the dictionary digest the service compares).

export {
  CANONICAL_MAX,
  DICTIONARY_CATEGORIES,
  DICTIONARY_CATEGORY_LABELS,
  NOTE_MAX,
  VARIANTS_MAX,
  addVariantSchema,
  dictionaryDeleteSchema,
  dictionaryEntrySchema,
  dictionaryUpdateSchema,
  type DictionaryCategory,
  type DictionaryEntryView,
} from "@/lib/factcheck/dictionary-schema";

const isCategory = (value: string): value is DictionaryCategory => (DICTIONARY_CATEGORIES as readonly string[]).includes(value);

function toView(entry: { id: string; canonical: string; variants: string[]; category: string; note: string; createdAt: Date }): DictionaryEntryView {
  return {
    id: entry.id,
    canonical: entry.canonical,
    variants: entry.variants,
    category: isCategory(entry.category) ? entry.category : "other",
    note: entry.note,
    createdAt: entry.createdAt.toISOString(),
  };
}

type Tx = Prisma.TransactionClient;

export const DICTIONARY_PAGE_SIZE = 100;

export interface DictionaryPage {
  entries: DictionaryEntryView[];
  /** Exact: the dictionary is curated by hand (thousands of entries at most). */
  total: number;
  next: string | null;
  previous: string | null;
}

/**
 * Entries whose canonical spelling or misspellings contain `query` (any case, any accents), by
 * canonical spelling, in keyset pages (`after`/`before` from a previous page).
 */
export async function listDictionary(
  options: { query?: string | null; after?: string | null; before?: string | null } = {},
): Promise<DictionaryPage> {
  const query = options.query?.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim().slice(0, 120) ?? "";
  const filters: Prisma.Sql[] = [];
  if (query) {
    const pattern = `%${query.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    filters.push(
      Prisma.sql`(unaccent(d.canonical) ILIKE unaccent(${pattern}::text) OR EXISTS (SELECT 1 FROM unnest(d.variants) AS v WHERE unaccent(v) ILIKE unaccent(${pattern}::text)))`,
    );
  }
  const direction = options.after ? "after" : options.before ? "before" : null;
  const conditions = [...filters];
  if (direction) {
    const [canonical] = decodeCursor((options.after ?? options.before)!, 1);
    conditions.push(direction === "after" ? Prisma.sql`d.canonical > ${canonical}` : Prisma.sql`d.canonical < ${canonical}`);
  }
  const where = (list: Prisma.Sql[]) => (list.length ? Prisma.sql`WHERE ${Prisma.join(list, " AND ")}` : Prisma.empty);
  const order = direction === "before" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const [rows, [{ total }]] = await Promise.all([
    db.$queryRaw<Array<{ id: string; canonical: string; variants: string[]; category: string; note: string; createdAt: Date }>>`
      SELECT d.id, d.canonical, d.variants, d.category, d.note, d."createdAt" FROM "DictionaryEntry" d ${where(conditions)}
       ORDER BY d.canonical ${order} LIMIT ${DICTIONARY_PAGE_SIZE + 1}`,
    db.$queryRaw<Array<{ total: number }>>`SELECT count(*)::int AS total FROM "DictionaryEntry" d ${where(filters)}`,
  ]);
  const page = keysetPage(rows, { pageSize: DICTIONARY_PAGE_SIZE, direction, key: (row) => [row.canonical] });
  return { entries: page.rows.map(toView), total, next: page.next, previous: page.previous };
}

/**
 * The dictionary must say one thing about each spelling: a misspelling listed under two entries,
 * or a canonical spelling that is another entry's misspelling, would make the checker contradict
 * itself. Refused with the field that causes it.
 */
async function assertConsistent(
  tx: Tx,
  entry: { id?: string; canonical: string; variants: string[] },
  variantField: (index: number) => string = (index) => `variants.${index}`,
) {
  const others = await tx.dictionaryEntry.findMany({
    where: {
      ...(entry.id ? { NOT: { id: entry.id } } : {}),
      OR: [
        { canonical: { in: [entry.canonical, ...entry.variants] } },
        { variants: { hasSome: [entry.canonical, ...entry.variants] } },
      ],
    },
    select: { canonical: true, variants: true },
  });
  for (const other of others) {
    if (other.canonical === entry.canonical) {
      throw ValidationError.forField("canonical", `“${entry.canonical}” is already in the dictionary. Edit that entry instead.`);
    }
    if (other.variants.includes(entry.canonical)) {
      throw ValidationError.forField("canonical", `The dictionary lists “${entry.canonical}” as a misspelling of “${other.canonical}”.`);
    }
    entry.variants.forEach((variant, index) => {
      const field = variantField(index);
      if (other.canonical === variant) {
        throw ValidationError.forField(field, `“${variant}” is the dictionary's spelling of another entry, not a misspelling.`);
      }
      if (other.variants.includes(variant)) {
        throw ValidationError.forField(field, `“${variant}” is already listed as a misspelling of “${other.canonical}”.`);
      }
    });
  }
}

// Unique violations (two editors adding the same canonical at once) read as the same refusal.
function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "P2002";
}

async function write<T>(change: () => Promise<T>, canonical: string): Promise<T> {
  try {
    const result = await change();
    invalidateHouseDictionary();
    return result;
  } catch (error) {
    if (isUniqueViolation(error)) throw ValidationError.forField("canonical", `“${canonical}” is already in the dictionary. Edit that entry instead.`);
    throw error;
  }
}

export async function createDictionaryEntry(entry: z.output<typeof dictionaryEntrySchema>, actor: Actor): Promise<DictionaryEntryView> {
  return write(
    () =>
      db.$transaction(async (tx) => {
        await assertConsistent(tx, entry);
        const created = await tx.dictionaryEntry.create({ data: { ...entry, createdById: actor.id } });
        await recordAudit(tx, {
          actorId: actor.id,
          action: "dictionary.update",
          targetType: "dictionary",
          targetId: created.id,
          details: { change: "create", canonical: entry.canonical, variants: entry.variants },
        });
        return toView(created);
      }),
    entry.canonical,
  );
}

export async function updateDictionaryEntry(update: z.output<typeof dictionaryUpdateSchema>, actor: Actor): Promise<DictionaryEntryView> {
  const { id, expectedCanonical, ...entry } = update;
  return write(
    () =>
      db.$transaction(async (tx) => {
        const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "DictionaryEntry" WHERE "id" = ${id} FOR UPDATE`;
        if (locked.length === 0) throw new NotFoundError("This dictionary entry does not exist any more.");
        const before = await tx.dictionaryEntry.findUniqueOrThrow({ where: { id } });
        if (expectedCanonical !== undefined && expectedCanonical !== before.canonical) {
          throw new ConflictError(`Someone changed this entry to “${before.canonical}” meanwhile. Check it and try again.`, { current: toView(before) });
        }
        await assertConsistent(tx, { id, ...entry });
        const updated = await tx.dictionaryEntry.update({ where: { id }, data: entry });
        await recordAudit(tx, {
          actorId: actor.id,
          action: "dictionary.update",
          targetType: "dictionary",
          targetId: id,
          details: {
            change: "update",
            canonical: entry.canonical,
            ...(before.canonical !== entry.canonical ? { previousCanonical: before.canonical } : {}),
            variants: entry.variants,
            previousVariants: before.variants,
          },
        });
        return toView(updated);
      }),
    entry.canonical,
  );
}

export async function deleteDictionaryEntry({ id }: z.output<typeof dictionaryDeleteSchema>, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    const entry = await tx.dictionaryEntry.findUnique({ where: { id } });
    if (!entry) throw new NotFoundError("This dictionary entry does not exist any more.");
    await tx.dictionaryEntry.delete({ where: { id } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "dictionary.update",
      targetType: "dictionary",
      targetId: id,
      details: { change: "delete", canonical: entry.canonical, variants: entry.variants },
    });
  });
  invalidateHouseDictionary();
}

export interface AddVariantResult {
  entry: DictionaryEntryView;
  /** A new entry was made for the canonical spelling (rather than an existing one extended). */
  created: boolean;
  /** False when the misspelling was listed already. */
  changed: boolean;
}

/**
 * "Add to dictionary" from a fact-check finding: records `variant` as a misspelling of
 * `canonical`, extending the entry for that spelling or starting one.
 */
export async function addDictionaryVariant({ canonical, variant }: z.output<typeof addVariantSchema>, actor: Actor): Promise<AddVariantResult> {
  return write(
    () =>
      db.$transaction(async (tx) => {
        const locked = await tx.$queryRaw<Array<{ id: string }>>`
          SELECT "id" FROM "DictionaryEntry" WHERE "canonical" = ${canonical} FOR UPDATE`;
        const existing = locked.length > 0 ? await tx.dictionaryEntry.findUniqueOrThrow({ where: { canonical } }) : null;
        if (existing?.variants.includes(variant)) return { entry: toView(existing), created: false, changed: false };
        await assertConsistent(tx, { id: existing?.id, canonical, variants: [variant] }, () => "variant");
        const entry = existing
          ? await tx.dictionaryEntry.update({ where: { id: existing.id }, data: { variants: [...existing.variants, variant] } })
          : await tx.dictionaryEntry.create({ data: { canonical, variants: [variant], createdById: actor.id } });
        await recordAudit(tx, {
          actorId: actor.id,
          action: "dictionary.update",
          targetType: "dictionary",
          targetId: entry.id,
          details: { change: "add-variant", canonical, variant },
        });
        return { entry: toView(entry), created: !existing, changed: true };
      }),
    canonical,
  );
}
