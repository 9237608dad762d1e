import { Button, SelectField, TextField } from "@/components/ui";
import { ARTICLE_STATUSES, STATUS_LABELS } from "@/lib/publishing/schemas";
import { STAGE_LABELS, WORKFLOW_STAGES } from "@/lib/workflow/stages";

const STATUS_OPTIONS = [{ value: "", label: "All statuses" }, ...ARTICLE_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }))];

const STAGE_OPTIONS = [{ value: "", label: "All stages" }, ...WORKFLOW_STAGES.map((stage) => ({ value: stage, label: STAGE_LABELS[stage] }))];

/** A plain GET form: the filters live in the URL, so results can be linked, reloaded and paged. */
export function ArticleSearchForm({ query, status, stage = "", mine = false }: { query: string; status: string; stage?: string; mine?: boolean }) {
  return (
    <form method="get" action="/desk" role="search" aria-label="Articles" className="inline-form">
      <TextField label="Headline contains" name="q" type="search" defaultValue={query} maxLength={200} />
      <SelectField label="Status" name="status" defaultValue={status} options={STATUS_OPTIONS} />
      <SelectField label="Stage" name="stage" defaultValue={stage} options={STAGE_OPTIONS} />
      <label className="checkbox">
        <input type="checkbox" name="mine" value="1" defaultChecked={mine} /> Assigned to me
      </label>
      <Button type="submit">Search</Button>
    </form>
  );
}
