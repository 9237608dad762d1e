"use client";

import { useId, useState, useTransition } from "react";
import { Button, TextField } from "@/components/ui";
import type { CreditOption } from "@/lib/articles/credits";
import type { ServerAction, FieldErrors } from "@/lib/errors";

const NEW_CREDIT = "__new__";

export type CreateCreditAction = ServerAction<CreditOption & { created: boolean }>;

/** A photo's credit: one of the existing credits, none, or a new one (agency + photographer). */
export function CreditPicker({
  photoNumber,
  value,
  credits,
  onChange,
  onCreated,
  createCredit,
  error,
}: {
  photoNumber: number;
  value: string | null;
  credits: readonly CreditOption[];
  onChange: (creditId: string | null) => void;
  onCreated: (credit: CreditOption) => void;
  createCredit: CreateCreditAction;
  error?: string[];
}) {
  const id = useId();
  const [creating, setCreating] = useState(false);
  const [agency, setAgency] = useState("");
  const [photographer, setPhotographer] = useState("");
  const [createErrors, setCreateErrors] = useState<FieldErrors>({});
  const [createMessage, setCreateMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const errorId = `${id}-error`;

  const add = () =>
    startTransition(async () => {
      const result = await createCredit({ agency, photographer });
      if (!result.ok) {
        setCreateErrors(result.fieldErrors ?? {});
        setCreateMessage(result.fieldErrors ? null : result.error);
        return;
      }
      onCreated(result.data);
      onChange(result.data.id);
      setCreating(false);
      setAgency("");
      setPhotographer("");
      setCreateErrors({});
      setCreateMessage(null);
    });

  return (
    <div className="credit-picker">
      <div className={`field${error?.length ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-select`}>Credit</label>
        <select
          id={`${id}-select`}
          value={value ?? ""}
          aria-describedby={error?.length ? errorId : undefined}
          aria-invalid={error?.length ? true : undefined}
          onChange={(event) => {
            if (event.target.value === NEW_CREDIT) {
              setCreating(true);
              return;
            }
            setCreating(false);
            onChange(event.target.value || null);
          }}
        >
          <option value="">No credit</option>
          {credits.map((credit) => (
            <option key={credit.id} value={credit.id}>
              {credit.label}
            </option>
          ))}
          <option value={NEW_CREDIT}>New credit…</option>
        </select>
        {error?.length ? (
          <p id={errorId} className="field-error">
            {error.join(" ")}
          </p>
        ) : null}
      </div>
      {creating ? (
        <div className="credit-new" role="group" aria-label={`New credit for photo ${photoNumber}`}>
          <TextField label="Agency" value={agency} onChange={(event) => setAgency(event.target.value)} error={createErrors.agency} autoFocus />
          <TextField
            label="Photographer"
            value={photographer}
            onChange={(event) => setPhotographer(event.target.value)}
            error={createErrors.photographer}
          />
          <div className="credit-new-actions">
            <Button variant="primary" onClick={add} pending={pending} pendingLabel="Adding…">
              Add credit
            </Button>
            <Button variant="link" onClick={() => setCreating(false)}>
              Cancel
            </Button>
          </div>
          {createMessage ? (
            <p className="field-error" role="alert">
              {createMessage}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
