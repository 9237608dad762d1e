"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Button, TextField } from "@/components/ui";
import type { CreditOption, CreditUpdateResult } from "@/lib/articles/credits";
import type { ServerAction, FieldErrors } from "@/lib/errors";

export type UpdateCreditAction = ServerAction<CreditUpdateResult>;
/** The credit with exactly this agency and photographer, or null. */
export type FindCreditAction = ServerAction<CreditOption | null>;

/**
 * Inline edit of one credit. The change shows on every photo using the credit; renaming it to a
 * credit that already exists merges the two (after a confirm).
 */
export function CreditEditForm({
  credit,
  findByName,
  update,
  onResult,
}: {
  credit: CreditOption;
  /** Asks the server whether the new name is another credit's, to warn before a merge. */
  findByName: FindCreditAction;
  update: UpdateCreditAction;
  /** Where the outcome is announced (the list's status line). */
  onResult: (message: { tone: "error" | "success"; text: string }) => void;
}) {
  const router = useRouter();
  const [agency, setAgency] = useState(credit.agency);
  const [photographer, setPhotographer] = useState(credit.photographer);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [pending, startTransition] = useTransition();
  const changed = agency !== credit.agency || photographer !== credit.photographer;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      // A name that is another credit's merges the two: ask first. (A malformed name is left for
      // the update to refuse with its field errors.)
      const existing = await findByName({ agency, photographer });
      if (existing.ok && existing.data && existing.data.id !== credit.id) {
        const label = existing.data.label;
        if (!window.confirm(`"${label}" already exists. Merge "${credit.label}" into it? Its photos will use "${label}".`)) return;
      }
      const result = await update({
        id: credit.id,
        agency,
        photographer,
        expectedAgency: credit.agency,
        expectedPhotographer: credit.photographer,
      });
      if (!result.ok) {
        setFieldErrors(result.fieldErrors ?? {});
        onResult({ tone: "error", text: result.fieldErrors ? `${credit.label}: ${result.error}` : result.error });
        return;
      }
      setFieldErrors({});
      onResult({
        tone: "success",
        text: result.data.mergedFrom
          ? `Merged into ${result.data.credit.label}.`
          : result.data.changed
            ? `Saved: photos now show ${result.data.credit.label}.`
            : "Nothing changed.",
      });
      router.refresh();
    });
  };

  return (
    <form className="inline-form credit-edit-form" onSubmit={onSubmit} aria-label={`Edit credit ${credit.label}`}>
      <TextField label="Agency" value={agency} onChange={(event) => setAgency(event.target.value)} error={fieldErrors.agency} />
      <TextField
        label="Photographer"
        value={photographer}
        onChange={(event) => setPhotographer(event.target.value)}
        error={fieldErrors.photographer}
      />
      <Button type="submit" variant="primary" disabled={!changed} pending={pending} pendingLabel="Saving…">
        Save
      </Button>
    </form>
  );
}
