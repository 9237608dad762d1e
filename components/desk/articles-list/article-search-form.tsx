import Link from "next/link";
import { Button, SelectField, TextField } from "@/components/ui";
import { ARTICLE_STATUSES, STATUS_LABELS } from "@/lib/publishing/schemas";
import { SEARCH_QUERY_MAX } from "@/lib/search/filters";
import { STAGE_LABELS, WORKFLOW_STAGES } from "@/lib/workflow/stages";

const STAGE_OPTIONS = [{ value: "", label: "All stages" }, ...WORKFLOW_STAGES.map((stage) => ({ value: stage, label: STAGE_LABELS[stage] }))];
const STATUS_OPTIONS = [{ value: "", label: "All statuses" }, ...ARTICLE_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }))];

export interface ArticleSearchFormValues {
  q: string;
  status: string;
  from: string;
  to: string;
  editor: string;
  credit: string;
  stage: string;
  assigned: string;
}

/**
 * A plain GET form: the filters live in the URL, so results can be linked, reloaded and paged.
 * The credit filter arrives from the credits page ("articles with this credit") and is kept as a
 * hidden field with a link to drop it.
 */
export function ArticleSearchForm({
  values,
  editors,
  creditLabel,
  withoutCreditHref,
}: {
  values: ArticleSearchFormValues;
  editors: Array<{ id: string; name: string }>;
  creditLabel: string | null;
  withoutCreditHref: string;
}) {
  const editorOptions = [{ value: "", label: "Anyone" }, ...editors.map((editor) => ({ value: editor.id, label: editor.name }))];
  return (
    <form method="get" action="/desk" role="search" aria-label="Articles" className="inline-form">
      <TextField
        label="Search"
        name="q"
        type="search"
        defaultValue={values.q}
        maxLength={SEARCH_QUERY_MAX}
        hint={"Headlines, text, captions and credits. \u201cQuoted words\u201d as a phrase, -word to leave out."}
      />
      <SelectField label="Status" name="status" defaultValue={values.status} options={STATUS_OPTIONS} />
      <TextField label="Dated from" name="from" type="date" defaultValue={values.from} />
      <TextField label="Dated up to" name="to" type="date" defaultValue={values.to} />
      <SelectField label="Last edited by" name="editor" defaultValue={values.editor} options={editorOptions} />
      <SelectField label="Stage" name="stage" defaultValue={values.stage} options={STAGE_OPTIONS} />
      <p className="field">
        <label>
          <input type="checkbox" name="assigned" value="me" defaultChecked={values.assigned === "me"} /> Assigned to me
        </label>
      </p>
      {values.credit ? (
        <p className="field">
          <input type="hidden" name="credit" value={values.credit} />
          Photos credited to <strong>{creditLabel ?? "a credit that no longer exists"}</strong> <Link href={withoutCreditHref}>(any credit)</Link>
        </p>
      ) : null}
      <Button type="submit">Search</Button>
    </form>
  );
}
