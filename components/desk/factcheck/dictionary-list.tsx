"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui";
import { DICTIONARY_CATEGORY_LABELS, type DictionaryEntryView } from "@/lib/factcheck/dictionary-schema";
import type { ActionResult } from "@/lib/errors";
import { DictionaryEntryForm, type DictionaryEntryAction } from "./dictionary-entry-form";
import "./factcheck.css";

export interface DictionaryActions {
  create: DictionaryEntryAction;
  update: DictionaryEntryAction;
  remove: (input: unknown) => Promise<ActionResult<null>>;
}

type Outcome = { tone: "success" | "error"; text: string } | null;

/**
 * The house dictionary: every entry with its misspellings; editors add, edit and delete. Outcomes
 * are announced in one status line above the table (a deleted row disappears).
 */
export function DictionaryList({
  entries,
  mayEdit,
  actions,
}: {
  entries: DictionaryEntryView[];
  mayEdit: boolean;
  actions: DictionaryActions | null;
}) {
  const router = useRouter();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const remove = (entry: DictionaryEntryView) => {
    if (!actions) return;
    if (!window.confirm(`Delete “${entry.canonical}” and its ${entry.variants.length} misspelling(s) from the house dictionary?`)) return;
    startTransition(async () => {
      const result = await actions.remove({ id: entry.id });
      setOutcome(result.ok ? { tone: "success", text: `Deleted “${entry.canonical}”.` } : { tone: "error", text: result.error });
      router.refresh();
    });
  };

  return (
    <>
      {mayEdit && actions ? (
        <section className="panel dictionary-add">
          <DictionaryEntryForm
            action={actions.create}
            onSaved={(entry) => {
              setOutcome({ tone: "success", text: `Added “${entry.canonical}”.` });
              router.refresh();
            }}
          />
        </section>
      ) : null}
      <p role="status" className={outcome ? `notice notice-${outcome.tone === "error" ? "warning" : "success"}` : undefined}>
        {outcome?.text}
      </p>
      {entries.length > 0 ? (
        <table className="data dictionary">
          <thead>
            <tr>
              <th scope="col">Spelling</th>
              <th scope="col">Known misspellings</th>
              <th scope="col">Kind</th>
              <th scope="col">Note</th>
              {mayEdit ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) =>
              editing === entry.id && actions ? (
                <tr key={entry.id} data-entry-id={entry.id}>
                  <td colSpan={5}>
                    <DictionaryEntryForm
                      entry={entry}
                      action={actions.update}
                      onCancel={() => setEditing(null)}
                      onSaved={(saved) => {
                        setEditing(null);
                        setOutcome({ tone: "success", text: `Saved “${saved.canonical}”.` });
                        router.refresh();
                      }}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={entry.id} data-entry-id={entry.id}>
                  <th scope="row">{entry.canonical}</th>
                  <td>
                    {entry.variants.length === 0 ? (
                      <span className="muted">None yet</span>
                    ) : (
                      <ul className="dictionary-variants">
                        {entry.variants.map((variant) => (
                          <li key={variant}>{variant}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>{DICTIONARY_CATEGORY_LABELS[entry.category]}</td>
                  <td>{entry.note || <span className="muted">—</span>}</td>
                  {mayEdit ? (
                    <td className="dictionary-row-actions">
                      <Button onClick={() => setEditing(entry.id)} aria-label={`Edit “${entry.canonical}”`}>
                        Edit
                      </Button>
                      <Button variant="danger" onClick={() => remove(entry)} disabled={pending} aria-label={`Delete “${entry.canonical}”`}>
                        Delete
                      </Button>
                    </td>
                  ) : null}
                </tr>
              ),
            )}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
