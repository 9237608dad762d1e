"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { Button, FormError, Notice, SelectField, TextAreaField, TextField } from "@/components/ui";
import type { ActionResult, ServerAction } from "@/lib/errors";
import { BIO_MAX, BYLINES_MAX, DISPLAY_NAME_MAX, parseTagList, type BylineInput } from "@/lib/taxonomy/schemas";

interface ContributorOption {
  id: string;
  name: string;
  bio: string;
  userId: string | null;
}

/** One byline as the form holds it: who it names, and how the server should find them. */
type BylineDraft = { key: string; label: string; input: BylineInput };

export interface TaxonomyPanelProps {
  articleId: string;
  canEdit: boolean;
  section: string | null;
  tags: string[];
  bylines: Array<{ contributorId: string; name: string; bio: string }>;
  sections: string[];
  contributors: ContributorOption[];
  /** Desk users, offered as bylines (their contributor is made on first use). */
  users: Array<{ id: string; name: string }>;
  save: ServerAction<{ changed: boolean; summary: string }>;
  updateContributor: ServerAction<{ changed: boolean }>;
}

/** Corrects a contributor's printed name and bio (everywhere they appear). */
function ContributorEditor({ contributorId, name, bio, update }: { contributorId: string; name: string; bio: string; update: TaxonomyPanelProps["updateContributor"] }) {
  const router = useRouter();
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  // Controlled fields: this sits inside the panel's form, and forms do not nest.
  const [printed, setPrinted] = useState(name);
  const [text, setText] = useState(bio);
  const submit = () => {
    setFailure(null);
    setNotice(null);
    startTransition(async () => {
      const result = await update({ contributorId, name: printed, bio: text });
      if (!result.ok) return setFailure(result);
      setNotice(result.data.changed ? "Contributor saved." : "No changes.");
      router.refresh();
    });
  };
  return (
    <details>
      <summary>Edit name and bio</summary>
      <fieldset>
        <legend className="visually-hidden">Contributor {name}</legend>
        <TextField label="Printed name" name="contributorName" value={printed} onChange={(event) => setPrinted(event.target.value)} maxLength={DISPLAY_NAME_MAX} error={failure?.fieldErrors?.name} />
        <TextAreaField label="Bio" name="contributorBio" value={text} onChange={(event) => setText(event.target.value)} maxLength={BIO_MAX} rows={2} error={failure?.fieldErrors?.bio} />
        <Button onClick={submit} pending={pending} pendingLabel="Saving…">
          Save contributor
        </Button>
        <FormError message={failure && !failure.fieldErrors ? failure.error : null} />
        <Notice tone="success">{notice}</Notice>
      </fieldset>
    </details>
  );
}

type Failure = Extract<ActionResult<never>, { ok: false }>;

/** A story's bylines, section and tags: set together, saved as one revision. */
/**
 * The form is keyed by the stored taxonomy, so a save (anyone's) resets its drafts to what is
 * stored; its notice lives here, outside that remount, or "Saved: …" vanished with the refresh.
 */
export function TaxonomyPanel(props: TaxonomyPanelProps) {
  const [notice, setNotice] = useState<string | null>(null);
  const stored = `${props.section}|${props.tags.join()}|${props.bylines.map((byline) => `${byline.contributorId}:${byline.name}`).join()}`;
  return <TaxonomyForm key={stored} {...props} notice={notice} setNotice={setNotice} />;
}

function TaxonomyForm(props: TaxonomyPanelProps & { notice: string | null; setNotice: (notice: string | null) => void }) {
  const router = useRouter();
  const sectionListId = `sections${useId().replace(/:/g, "")}`;
  const [bylines, setBylines] = useState<BylineDraft[]>(() =>
    props.bylines.map((byline) => ({ key: byline.contributorId, label: byline.name, input: { contributorId: byline.contributorId } })),
  );
  const [choice, setChoice] = useState("");
  const [newName, setNewName] = useState("");
  const [newBio, setNewBio] = useState("");
  const [failure, setFailure] = useState<Failure | null>(null);
  const { notice, setNotice } = props;
  const [pending, startTransition] = useTransition();

  const contributorOfUser = new Map(props.contributors.filter((c) => c.userId).map((c) => [c.userId!, c]));
  const chosen = new Set(bylines.map((byline) => byline.key));
  const options = [
    ...props.contributors.map((c) => ({ value: `c:${c.id}`, label: c.userId ? `${c.name} (desk)` : c.name, key: c.id })),
    ...props.users.filter((user) => !contributorOfUser.has(user.id)).map((user) => ({ value: `u:${user.id}`, label: `${user.name} (desk)`, key: `u:${user.id}` })),
  ].filter((option) => !chosen.has(option.key));

  const addChosen = () => {
    const option = options.find((candidate) => candidate.value === choice);
    if (!option) return;
    const [kind, id] = [choice.slice(0, 1), choice.slice(2)];
    const label = option.label.replace(/ \(desk\)$/, "");
    setBylines((list) => [...list, { key: option.key, label, input: kind === "c" ? { contributorId: id } : { userId: id } }]);
    setChoice("");
  };
  const addNew = () => {
    if (!newName.trim()) return;
    setBylines((list) => [...list, { key: `new:${list.length}:${newName}`, label: newName.trim(), input: { name: newName, bio: newBio } }]);
    setNewName("");
    setNewBio("");
  };
  const move = (index: number, by: number) =>
    setBylines((list) => {
      const next = [...list];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item);
      return next;
    });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const request = {
      articleId: props.articleId,
      section: String(form.get("section") ?? ""),
      tags: parseTagList(String(form.get("tags") ?? "")),
      bylines: bylines.map((byline) => byline.input),
    };
    setFailure(null);
    setNotice(null);
    startTransition(async () => {
      const result = await props.save(request);
      if (!result.ok) return setFailure(result);
      setNotice(result.data.changed ? `Saved: ${result.data.summary}.` : "No changes.");
      router.refresh();
    });
  };

  const errors = failure?.fieldErrors ?? {};
  const errorsUnder = (prefix: string) =>
    Object.entries(errors)
      .filter(([key]) => key === prefix || key.startsWith(`${prefix}.`))
      .flatMap(([, messages]) => messages);

  if (!props.canEdit) {
    return (
      <section aria-labelledby="taxonomy-heading" className="workflow-panel">
        <h2 id="taxonomy-heading">Byline, section and tags</h2>
        <p>By: {props.bylines.map((byline) => byline.name).join(", ") || "no byline"}</p>
        <p>Section: {props.section ?? "none"}</p>
        <p>Tags: {props.tags.join(", ") || "none"}</p>
      </section>
    );
  }

  return (
    <section aria-labelledby="taxonomy-heading" className="workflow-panel">
      <h2 id="taxonomy-heading">Byline, section and tags</h2>
      <form onSubmit={submit} aria-label="Byline, section and tags">
        <fieldset>
          <legend>Bylines</legend>
          {bylines.length === 0 ? <p>No byline.</p> : null}
          <ol data-testid="bylines">
            {bylines.map((byline, index) => (
              <li key={byline.key}>
                {byline.label}{" "}
                {index > 0 ? (
                  <Button variant="link" onClick={() => move(index, -1)} aria-label={`Move ${byline.label} up`}>
                    Up
                  </Button>
                ) : null}
                <Button variant="link" onClick={() => setBylines((list) => list.filter((_, at) => at !== index))} aria-label={`Remove ${byline.label}`}>
                  Remove
                </Button>
                {"contributorId" in byline.input ? (
                  <ContributorEditor
                    contributorId={byline.input.contributorId}
                    name={byline.label}
                    bio={props.contributors.find((c) => c.id === (byline.input as { contributorId: string }).contributorId)?.bio ?? ""}
                    update={props.updateContributor}
                  />
                ) : null}
              </li>
            ))}
          </ol>
          {errorsUnder("bylines").length > 0 ? <p className="field-error">{errorsUnder("bylines").join(" ")}</p> : null}
          {bylines.length < BYLINES_MAX ? (
            <>
              <SelectField
                label="Add a byline"
                name="bylineChoice"
                value={choice}
                onChange={(event) => setChoice(event.target.value)}
                options={[{ value: "", label: "Choose…" }, ...options.map(({ value, label }) => ({ value, label }))]}
              />
              <Button onClick={addChosen} disabled={!choice}>
                Add byline
              </Button>
              <TextField label="Or a new outside contributor: name" name="newName" value={newName} maxLength={DISPLAY_NAME_MAX} onChange={(event) => setNewName(event.target.value)} />
              <TextAreaField label="Short bio (optional)" name="newBio" value={newBio} maxLength={BIO_MAX} rows={2} onChange={(event) => setNewBio(event.target.value)} />
              <Button onClick={addNew} disabled={!newName.trim()}>
                Add contributor
              </Button>
            </>
          ) : null}
        </fieldset>
        <TextField label="Section" name="section" list={sectionListId} defaultValue={props.section ?? ""} maxLength={60} error={errors.section} hint="Empty: no section." />
        <datalist id={sectionListId}>
          {props.sections.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <TextField label="Tags" name="tags" defaultValue={props.tags.join(", ")} hint="Separated by commas." error={errorsUnder("tags")} />
        <Button type="submit" variant="primary" pending={pending} pendingLabel="Saving…">
          Save byline, section and tags
        </Button>
        <FormError message={failure && !failure.fieldErrors ? failure.error : null} />
        <Notice tone="success">{notice}</Notice>
      </form>
    </section>
  );
}
