export interface CreditName {
  agency: string;
  photographer: string;
}

/** The wire style newsrooms print: "AP/Martin Meissner". */
export function formatCredit(credit: CreditName): string {
  return `${credit.agency}/${credit.photographer}`;
}

/**
 * `formatCredit` as a SQL expression over the Credit row `alias`, for statements that build
 * snapshots themselves (the importer's batch write). Keep the two together; the importer's
 * integration tests compare what each gives.
 */
export function creditLabelSql(alias: string): string {
  return `${alias}.agency || '/' || ${alias}.photographer`;
}
