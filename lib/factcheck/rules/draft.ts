import type { Finding } from "@/lib/factcheck/types";

/**
 * Where the knowledge behind a name, spelling or place finding comes from. Calibration: such a
 * finding is a likely error only when two independent sources point the same way.
 */
export type EvidenceSource = "article" | "archive" | "house" | "house-misspelling" | "dictionary" | "gazetteer";

/**
 * A finding before ranking. `scope` is what, besides rule, text and suggestion, makes it a
 * different decision for "Ignore": empty for names and spellings (one decision per article),
 * the surrounding words or the field for mechanical findings. `sources` is set by the rules that
 * judge spellings against what is known (names, spelling, places).
 */
export type Draft = Omit<Finding, "fingerprint" | "severity"> & { scope: string; sources?: EvidenceSource[] };

/** "in the body", "in a caption": where a field is, for messages. */
export function describeField(kind: string, key: string): string {
  switch (kind) {
    case "headline":
      return "in the headline";
    case "standfirst":
      return "in the standfirst";
    case "caption":
      return "in a caption";
    case "credit":
      return "in a credit";
    default:
      return key === "body" ? "in the body" : `in ${key}`;
  }
}
