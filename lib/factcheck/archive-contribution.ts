import "server-only";
import type { Database } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { archiveContributionOf } from "@/lib/factcheck/fact-checker";
import { HouseDictionary } from "@/lib/factcheck/house-dictionary";
import { loadSpeller } from "@/lib/factcheck/resources";
import type { ArchiveContribution, CheckField } from "@/lib/factcheck/types";

/**
 * The archive analysis for a process that writes many articles itself (an import): the speller
 * and the house dictionary as stored now, loaded once, then a synchronous call per article. The
 * desk's server leaves this to the fact-check workers (archiveContributionsInWorker), which hold
 * the dictionaries already.
 */
export async function contributionAnalyser(client: Database | Prisma.TransactionClient): Promise<(fields: CheckField[]) => ArchiveContribution> {
  const [speller, entries] = await Promise.all([
    loadSpeller(),
    client.dictionaryEntry.findMany({ select: { canonical: true, variants: true }, orderBy: { canonical: "asc" } }),
  ]);
  const house = new HouseDictionary(entries);
  return (fields) => archiveContributionOf(fields, speller, house);
}
