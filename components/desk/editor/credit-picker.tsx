"use client";

import { useId, useState, useTransition } from "react";
import { Button, TextField, useLatestAnswer } from "@/components/ui";
import type { CreditOption, CreditSearchResult } from "@/lib/articles/credits";
import type { ServerAction, FieldErrors } from "@/lib/errors";

const NEW_CREDIT = "__new__";
const FIND_CREDIT = "__find__";

/** The server actions behind the picker: make a credit, and search the credits (20 at most). */
export interface CreditPickerActions {
  create: ServerAction<CreditOption & { created: boolean }>;
  search: ServerAction<CreditSearchResult>;
}

/**
 * A photo's credit: one the editor already knows (the article's own, or met while editing), none,
 * one found by searching every credit, or a new one (agency + photographer). The list never holds
 * every credit: a newsroom has thousands.
 */
export function CreditPicker({
  photoNumber,
  value,
  credits,
  onChange,
  onCreated,
  actions,
  error,
}: {
  photoNumber: number;
  value: string | null;
  credits: readonly CreditOption[];
  onChange: (creditId: string | null) => void;
  /** A credit made or found here, for every picker of the article to offer. */
  onCreated: (credit: CreditOption) => void;
  actions: CreditPickerActions;
  error?: string[];
}) {
  const id = useId();
  const [creating, setCreating] = useState(false);
  const [finding, setFinding] = useState(false);
  const [agency, setAgency] = useState("");
  const [photographer, setPhotographer] = useState("");
  const [createErrors, setCreateErrors] = useState<FieldErrors>({});
  const [createMessage, setCreateMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const errorId = `${id}-error`;

  const add = () =>
    startTransition(async () => {
      const result = await actions.create({ agency, photographer });
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
            setCreating(event.target.value === NEW_CREDIT);
            setFinding(event.target.value === FIND_CREDIT);
            if (event.target.value === NEW_CREDIT || event.target.value === FIND_CREDIT) return;
            onChange(event.target.value || null);
          }}
        >
          <option value="">No credit</option>
          {credits.map((credit) => (
            <option key={credit.id} value={credit.id}>
              {credit.label}
            </option>
          ))}
          {value && !credits.some((credit) => credit.id === value) ? (
            // Co-editing: someone else chose a credit this page has not met; its name comes with the next stored version.
            <option value={value}>A credit chosen by someone else</option>
          ) : null}
          <option value={FIND_CREDIT}>Find a credit…</option>
          <option value={NEW_CREDIT}>New credit…</option>
        </select>
        {error?.length ? (
          <p id={errorId} className="field-error">
            {error.join(" ")}
          </p>
        ) : null}
      </div>
      {finding ? (
        <CreditSearch
          photoNumber={photoNumber}
          search={actions.search}
          onPick={(credit) => {
            onCreated(credit);
            onChange(credit.id);
            setFinding(false);
          }}
          onCancel={() => setFinding(false)}
        />
      ) : null}
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

/** Searches every credit on the server and offers the first matches to choose from. */
function CreditSearch({
  photoNumber,
  search,
  onPick,
  onCancel,
}: {
  photoNumber: number;
  search: CreditPickerActions["search"];
  onPick: (credit: CreditOption) => void;
  onCancel: () => void;
}) {
  const inputId = useId();
  const [typed, setTyped] = useState("");
  const [query, setQuery] = useState("");
  const { data: found, error } = useLatestAnswer(search, { q: query }, "q");

  return (
    <div className="credit-find" role="group" aria-label={`Find a credit for photo ${photoNumber}`}>
      <div className="inline-form">
        <div className="field">
          <label htmlFor={inputId}>Agency or photographer</label>
          <input
            id={inputId}
            type="search"
            value={typed}
            autoFocus
            onChange={(event) => setTyped(event.target.value)}
            onKeyDown={(event) => {
              // Enter searches; it must not submit a form around the editor.
              if (event.key !== "Enter") return;
              event.preventDefault();
              setQuery(typed.trim());
            }}
          />
        </div>
        <Button type="button" onClick={() => setQuery(typed.trim())}>
          Search
        </Button>
        <Button type="button" variant="link" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <p role="status">
        {found === null && error === null
          ? "Searching…"
          : found
            ? found.credits.length === 0
              ? query
                ? `No credit matches “${query}”.`
                : "No credits yet: make a new one."
              : found.more
                ? `The first ${found.credits.length} credits${query ? ` matching “${query}”` : ""}: type more to narrow.`
                : `${found.credits.length} ${found.credits.length === 1 ? "credit" : "credits"}${query ? ` matching “${query}”` : ""}.`
            : ""}
      </p>
      {found && found.credits.length > 0 ? (
        <ul className="credit-find__results" aria-label={`Credits found for photo ${photoNumber}`}>
          {found.credits.map((credit) => (
            <li key={credit.id}>
              <Button type="button" variant="secondary" onClick={() => onPick(credit)}>
                {credit.label}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
