import type { Metadata } from "next";
import Link from "next/link";
import { ArticleSearchForm, type ArticleSearchFormValues } from "@/components/desk/articles-list/article-search-form";
import { ArticlesTable } from "@/components/desk/articles-list/articles-table";
import { FormError, KeysetPagination } from "@/components/ui";
import { requirePageUser } from "@/lib/auth/session";
import { editingCounts } from "@/lib/collab/presence";
import { STATUS_LABELS } from "@/lib/publishing/schemas";
import { newsroomTimeZone } from "@/lib/scheduling/time-zone";
import { STAGE_LABELS } from "@/lib/workflow/stages";
import {
  deskArticleFilterSchema,
  FILTER_PARAMS,
  listDeskArticles,
  listFilterChoices,
  type DeskArticleFilter,
  type DeskArticlePage,
} from "@/lib/search";

export const metadata: Metadata = { title: "Articles" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? (value[0] ?? "") : (value ?? ""));

/** /desk with the filters kept and `extra` set (a page position, or a filter dropped with ""). */
function listHref(filter: DeskArticleFilter, extra: Record<string, string> = {}) {
  const params = new URLSearchParams();
  for (const name of FILTER_PARAMS) {
    const value = name in extra ? extra[name] : filter[name];
    if (value) params.set(name, value);
  }
  for (const [name, value] of Object.entries(extra)) if (value && !FILTER_PARAMS.includes(name as never)) params.set(name, value);
  const search = params.toString();
  return search ? `/desk?${search}` : "/desk";
}

function filterText(list: DeskArticlePage, creditLabel: string | null, editorName: string | null) {
  const { filter } = list;
  return [
    filter.q ? `matching “${filter.q}”` : null,
    filter.status ? STATUS_LABELS[filter.status].toLowerCase() : null,
    filter.from && filter.to ? `dated ${filter.from} to ${filter.to}` : filter.from ? `dated from ${filter.from}` : filter.to ? `dated up to ${filter.to}` : null,
    filter.credit ? `with photos by ${creditLabel ?? "a removed credit"}` : null,
    filter.editor ? `last edited by ${editorName ?? "a removed user"}` : null,
    filter.stage ? STAGE_LABELS[filter.stage].toLowerCase() : null,
    filter.assigned === "me" ? "assigned to you" : null,
  ]
    .filter(Boolean)
    .join(", ");
}

function describe(list: DeskArticlePage, filters: string) {
  const count = list.totalIsBound ? `More than ${list.total.toLocaleString("en")} articles` : `${list.total.toLocaleString("en")} ${list.total === 1 ? "article" : "articles"}`;
  const order = list.filter.q ? (list.order === "relevance" ? "best matches first" : "newest change first") : null;
  return [count + (filters ? ` ${filters}` : ""), order].filter(Boolean).join("; ");
}

// GET /desk — every desk user: the articles with status and last change; full-text search and filters
export default async function DeskArticlesPage({ searchParams }: Props) {
  const { user } = await requirePageUser("reporter", "/desk");
  const params = await searchParams;
  const values: ArticleSearchFormValues = {
    q: first(params.q),
    status: first(params.status),
    from: first(params.from),
    to: first(params.to),
    editor: first(params.editor),
    credit: first(params.credit),
    stage: first(params.stage),
    assigned: first(params.assigned),
  };
  const parsed = deskArticleFilterSchema.safeParse(params);
  const choices = await listFilterChoices({ credit: parsed.success ? parsed.data.credit : undefined });
  const form = (
    <ArticleSearchForm
      values={values}
      editors={choices.editors}
      creditLabel={choices.creditLabel}
      withoutCreditHref={parsed.success ? listHref(parsed.data, { credit: "" }) : "/desk"}
    />
  );

  if (!parsed.success) {
    // A broken filter (an edited URL, a mistyped date) is reported, never quietly replaced by "everything".
    return (
      <>
        <h1>Articles</h1>
        {form}
        <FormError message={`These filters do not work: ${parsed.error.issues.map((issue) => issue.message).join(" ")}`} />
        <p>
          <Link href="/desk">Show all articles</Link>
        </p>
      </>
    );
  }

  const list = await listDeskArticles(parsed.data, { viewerId: user.id });
  const editing = await editingCounts(list.articles.map((article) => article.id));
  const editorName = choices.editors.find((editor) => editor.id === list.filter.editor)?.name ?? null;
  const filters = filterText(list, choices.creditLabel, editorName);
  const anyFilter = FILTER_PARAMS.some((name) => list.filter[name]);
  return (
    <>
      <h1>Articles</h1>
      {form}
      {list.notice ? <p role="status">{list.notice}</p> : null}
      {list.articles.length > 0 ? (
        <ArticlesTable articles={list.articles} caption={describe(list, filters)} newsroomTimeZone={newsroomTimeZone()} editing={Object.fromEntries(editing)} />
      ) : list.notice ? null : (
        <p role="status">{anyFilter ? `No articles ${filters}.` : "No articles yet. Import documents with `copydesk import`."}</p>
      )}
      <KeysetPagination
        previousHref={list.previous ? listHref(list.filter, { before: list.previous }) : null}
        nextHref={list.next ? listHref(list.filter, { after: list.next }) : null}
        firstHref={listHref(list.filter)}
        label="Article pages"
      />
    </>
  );
}
