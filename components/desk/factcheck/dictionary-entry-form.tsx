"use client";

import { useId, useState, useTransition, type FormEvent } from "react";
import { Button, FormError, SelectField, TextAreaField, TextField } from "@/components/ui";
import {
  CANONICAL_MAX,
  DICTIONARY_CATEGORIES,
  DICTIONARY_CATEGORY_LABELS,
  NOTE_MAX,
  type DictionaryCategory,
  type DictionaryEntryView,
} from "@/lib/factcheck/dictionary-schema";
import type { ServerAction, FieldErrors } from "@/lib/errors";

export type DictionaryEntryAction = ServerAction<DictionaryEntryView>;

const CATEGORY_OPTIONS = DICTIONARY_CATEGORIES.map((category) => ({ value: category, label: DICTIONARY_CATEGORY_LABELS[category] }));

/** One misspelling per line; blank lines are nothing. */
const variantsFrom = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** Messages for a field and its items ("variants" covers "variants.2"). */
function errorsFor(fieldErrors: FieldErrors, field: string): string[] | undefined {
  const messages = Object.entries(fieldErrors)
    .filter(([key]) => key === field || key.startsWith(`${field}.`))
    .flatMap(([, list]) => list);
  return messages.length ? messages : undefined;
}

/**
 * Adds an entry (no `entry`) or edits one. An edit names the spelling it started from, so a change
 * someone else made meanwhile is refused instead of overwritten.
 */
export function DictionaryEntryForm({
  entry,
  action,
  onSaved,
  onCancel,
}: {
  entry?: DictionaryEntryView;
  action: DictionaryEntryAction;
  onSaved: (entry: DictionaryEntryView) => void;
  onCancel?: () => void;
}) {
  const titleId = useId();
  const [canonical, setCanonical] = useState(entry?.canonical ?? "");
  const [variants, setVariants] = useState(entry?.variants.join("\n") ?? "");
  const [category, setCategory] = useState<DictionaryCategory>(entry?.category ?? "name");
  const [note, setNote] = useState(entry?.note ?? "");
  const [failure, setFailure] = useState<{ error: string; fieldErrors: FieldErrors } | null>(null);
  const [pending, startTransition] = useTransition();
  const fieldErrors = failure?.fieldErrors ?? {};
  const placed = Object.keys(fieldErrors).some((key) => /^(canonical|variants|category|note)(\.|$)/.test(key));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = {
      canonical,
      variants: variantsFrom(variants),
      category,
      note,
      ...(entry ? { id: entry.id, expectedCanonical: entry.canonical } : {}),
    };
    startTransition(async () => {
      const result = await action(input);
      if (!result.ok) {
        setFailure({ error: result.error, fieldErrors: result.fieldErrors ?? {} });
        return;
      }
      setFailure(null);
      if (!entry) {
        setCanonical("");
        setVariants("");
        setNote("");
      }
      onSaved(result.data);
    });
  };

  return (
    <form className="dictionary-form" onSubmit={submit} aria-labelledby={titleId} noValidate>
      <h2 id={titleId} className={entry ? "visually-hidden" : undefined}>
        {entry ? `Edit “${entry.canonical}”` : "Add an entry"}
      </h2>
      <FormError message={failure ? (placed ? "Check the highlighted fields." : failure.error) : null} />
      <TextField
        label="Canonical spelling"
        value={canonical}
        maxLength={CANONICAL_MAX * 2}
        onChange={(event) => setCanonical(event.target.value)}
        error={errorsFor(fieldErrors, "canonical")}
        hint="As the house writes it, e.g. “Volodymyr Zelensky”."
      />
      <TextAreaField
        label="Known misspellings"
        value={variants}
        rows={Math.max(2, Math.min(6, variantsFrom(variants).length + 1))}
        onChange={(event) => setVariants(event.target.value)}
        error={errorsFor(fieldErrors, "variants")}
        hint="One per line. Written with capitals, they match only as written; in lower case, in any case."
      />
      <SelectField
        label="Kind"
        value={category}
        options={CATEGORY_OPTIONS}
        onChange={(event) => setCategory(event.target.value as DictionaryCategory)}
        error={errorsFor(fieldErrors, "category")}
      />
      <TextField
        label="Note"
        value={note}
        maxLength={NOTE_MAX}
        onChange={(event) => setNote(event.target.value)}
        error={errorsFor(fieldErrors, "note")}
        hint="Optional: who or what it is, a source."
      />
      <div className="dictionary-form-actions">
        <Button type="submit" variant="primary" pending={pending} pendingLabel="Saving…">
          {entry ? "Save entry" : "Add entry"}
        </Button>
        {onCancel ? (
          <Button onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
