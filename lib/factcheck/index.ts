import "server-only";

// The fact-check assistant: points at likely errors in an article (names spelled two ways, names
// the archive or the house dictionary spells otherwise, English spelling in British and American
// forms, misspelled places, grammar, doubled words, quotation marks, credit form, headline
// length). Runs in-process, no network, no language model.

export { createFactChecker, DEFAULT_MAX_FINDINGS, DEFAULT_MIN_CONFIDENCE, type FactCheckerOptions } from "@/lib/factcheck/fact-checker";
export { DEFAULT_HEADLINE_MAX_CHARS } from "@/lib/factcheck/rules/mechanics";
export type {
  CheckField,
  CheckFieldKind,
  CheckOptions,
  CheckOutcome,
  FactChecker,
  Finding,
  FindingRule,
  HouseEntry,
  Location,
  Severity,
} from "@/lib/factcheck/types";
