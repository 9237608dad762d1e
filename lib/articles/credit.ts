export interface CreditName {
  agency: string;
  photographer: string;
}

/** The wire style newsrooms print: "AP/Martin Meissner". */
export function formatCredit(credit: CreditName): string {
  return `${credit.agency}/${credit.photographer}`;
}
