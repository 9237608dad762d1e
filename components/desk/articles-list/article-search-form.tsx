import { Button, SelectField, TextField } from "@/components/ui";
import { ARTICLE_STATUSES, STATUS_LABELS } from "@/lib/publishing/schemas";

const STATUS_OPTIONS = [{ value: "", label: "All statuses" }, ...ARTICLE_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }))];

/** A plain GET form: the filters live in the URL, so results can be linked, reloaded and paged. */
export function ArticleSearchForm({ query, status }: { query: string; status: string }) {
  return (
    <form method="get" action="/desk" role="search" aria-label="Articles" className="inline-form">
      <TextField label="Headline contains" name="q" type="search" defaultValue={query} maxLength={200} />
      <SelectField label="Status" name="status" defaultValue={status} options={STATUS_OPTIONS} />
      <Button type="submit">Search</Button>
    </form>
  );
}
