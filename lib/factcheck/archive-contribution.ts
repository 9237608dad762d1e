import "server-only";
import type { RawSql } from "@/lib/db/sql";
import { archiveContributionOf, creditArchiveTerms } from "@/lib/factcheck/fact-checker";
import { ArchiveAnalysisMemo } from "@/lib/factcheck/archive-analysis";
import { HouseDictionary } from "@/lib/factcheck/house-dictionary";
import { loadSpeller } from "@/lib/factcheck/resources";
import type { ArchiveContribution, CheckField, HouseEntry } from "@/lib/factcheck/types";

// The archive analysis for the processes that write articles (the desk's server, an import, the
// backfill, a fact-check worker preparing a save's): the speller (loaded once per process or
// worker, ~40 MB, seconds) and the house dictionary as stored now. One article costs tens of
// milliseconds per thousand words on a busy machine: a save prepares it on a worker before its
// transaction (lib/factcheck/archive-refresh.ts), an import in its preparer (lib/importer);
// the backfill and rarer writes (a restore) run it in their own thread; a credit rename analyses
// only the old and new names (and the credits sharing their words), never its articles.

/** Prisma (an import, a transaction) or a worker's pg pool: these read by raw SQL alone. */
type Client = RawSql;

/** A digest of the (small) house dictionary: entries have no updatedAt, whoever changed them. */
export async function houseDictionaryDigest(client: Client): Promise<string> {
  const [row] = await client.$queryRawUnsafe<Array<{ entries: number; digest: string | null }>>(
    `SELECT count(*)::int AS entries,
            md5(string_agg("canonical" || chr(31) || array_to_string("variants", chr(30)), chr(29) ORDER BY "canonical")) AS digest
       FROM "DictionaryEntry"`,
  );
  return `${row?.entries ?? 0}:${row?.digest ?? ""}`;
}

/** The house dictionary's entries as `client` sees them now (an import's worker builds its own). */
export function houseDictionaryEntries(client: Client): Promise<HouseEntry[]> {
  return client.$queryRawUnsafe<HouseEntry[]>(`SELECT "canonical", "variants" FROM "DictionaryEntry" ORDER BY "canonical"`);
}

const holderKey = Symbol.for("copydesk.factcheck.contribution-house");
const globalHolder = globalThis as unknown as Record<symbol, { digest: string; dictionary: HouseDictionary; memo: ArchiveAnalysisMemo } | undefined>;

async function analysisResources(client: Client) {
  const [speller, digest] = await Promise.all([loadSpeller(), houseDictionaryDigest(client)]);
  let house = globalHolder[holderKey];
  if (!house || house.digest !== digest) {
    const dictionary = new HouseDictionary(await houseDictionaryEntries(client));
    // The blocks already read were read with the old dictionary: a new one starts a new memo.
    house = globalHolder[holderKey] = { digest, dictionary, memo: new ArchiveAnalysisMemo(speller, dictionary) };
  }
  return { speller, dictionary: house.dictionary, memo: house.memo };
}

/**
 * The analysis with the house dictionary as `client` sees it now (reloaded only when it changed),
 * kept per block: an autosave of a long article whose one caption changed reads that caption.
 */
export async function contributionAnalyser(client: Client): Promise<(fields: CheckField[]) => ArchiveContribution> {
  const { speller, dictionary, memo } = await analysisResources(client);
  return (fields) => archiveContributionOf(fields, speller, dictionary, memo);
}

/** What a credit label adds to each article showing it (`creditArchiveTerms`), with the same dictionary. */
export async function creditTermsAnalyser(client: Client): Promise<(label: string) => string[]> {
  const { speller, dictionary } = await analysisResources(client);
  return (label) => creditArchiveTerms(label, speller, dictionary);
}
