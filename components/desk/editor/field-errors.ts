import type { FieldErrors } from "@/lib/errors";

/** Messages for a field and everything under it ("photos.2.caption" covers "photos.2.caption.content.0"). */
export function errorsFor(fieldErrors: FieldErrors, field: string): string[] | undefined {
  const messages = Object.entries(fieldErrors)
    .filter(([key]) => key === field || key.startsWith(`${field}.`))
    .flatMap(([, list]) => list);
  return messages.length ? [...new Set(messages)] : undefined;
}

/** Field-error keys that a field of the article form displays next to itself. */
export const FIELD_WITH_MESSAGE = /^(headline|standfirst|body)(\.|$)|^photos\.\d+\.(caption|alt|creditId|id)(\.|$)/;
