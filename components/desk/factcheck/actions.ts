import type { ServerAction } from "@/lib/errors";
import type { AddVariantResult } from "@/lib/factcheck/dictionary";
import type { ArticleCheckResult } from "@/lib/factcheck/findings";

/** The fact-check server actions (app/(desk)/desk/articles/[id]/factcheck-actions.ts, passed in by the page). */
export interface FactcheckActions {
  check: ServerAction<ArticleCheckResult>;
  ignore: ServerAction<null>;
  unignore: ServerAction<null>;
  addToDictionary: ServerAction<AddVariantResult>;
}
