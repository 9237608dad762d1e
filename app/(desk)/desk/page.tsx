import type { Metadata } from "next";
import Link from "next/link";
import { ArticleSearchForm } from "@/components/desk/articles-list/article-search-form";
import { ArticlesTable } from "@/components/desk/articles-list/articles-table";
import { FormError, Pagination } from "@/components/ui";
import { requirePageUser } from "@/lib/auth/session";
import { deskListQuerySchema, listDeskArticles, STATUS_LABELS, type DeskArticlePage } from "@/lib/publishing";
import { STAGE_LABELS } from "@/lib/workflow/stages";

export const metadata: Metadata = { title: "Articles" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function listHref(list: Pick<DeskArticlePage, "query" | "status" | "stage" | "mine">, page: number) {
  const params = new URLSearchParams();
  if (list.query) params.set("q", list.query);
  if (list.status) params.set("status", list.status);
  if (list.stage) params.set("stage", list.stage);
  if (list.mine) params.set("mine", "1");
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `/desk?${search}` : "/desk";
}

function filterText(list: DeskArticlePage) {
  return [
    list.status ? STATUS_LABELS[list.status].toLowerCase() : null,
    list.stage ? STAGE_LABELS[list.stage].toLowerCase() : null,
    list.mine ? "assigned to me" : null,
    list.query ? `headline contains “${list.query}”` : null,
  ]
    .filter(Boolean)
    .join(", ");
}

function describe(list: DeskArticlePage) {
  const count = `${list.total} ${list.total === 1 ? "article" : "articles"}`;
  const filters = filterText(list);
  return filters ? `${count} (${filters})` : count;
}

// GET /desk — every desk user: the articles with status and last change, searchable by headline
export default async function DeskArticlesPage({ searchParams }: Props) {
  const { user } = await requirePageUser("reporter", "/desk");
  const params = await searchParams;
  const filters = { query: params.q, status: params.status, stage: params.stage, mine: params.mine, page: params.page };
  const parsed = deskListQuerySchema.safeParse(filters);
  const rawQuery = Array.isArray(params.q) ? (params.q[0] ?? "") : (params.q ?? "");
  const rawStatus = Array.isArray(params.status) ? (params.status[0] ?? "") : (params.status ?? "");
  const rawStage = Array.isArray(params.stage) ? (params.stage[0] ?? "") : (params.stage ?? "");

  if (!parsed.success) {
    // A broken filter (an edited URL) is reported, never quietly replaced by "everything".
    return (
      <>
        <h1>Articles</h1>
        <ArticleSearchForm query={rawQuery} status="" />
        <FormError message={`These filters do not work: ${parsed.error.issues.map((issue) => issue.message).join(" ")}`} />
        <p>
          <Link href="/desk">Show all articles</Link>
        </p>
      </>
    );
  }

  const list = await listDeskArticles(filters, user);
  return (
    <>
      <h1>Articles</h1>
      <ArticleSearchForm query={rawQuery} status={rawStatus} stage={rawStage} mine={list.mine} />
      {list.articles.length > 0 ? (
        <ArticlesTable articles={list.articles} caption={describe(list)} />
      ) : (
        <p role="status">{list.query || list.status || list.stage || list.mine ? `No articles match (${filterText(list)}).` : "No articles yet. Import documents with `copydesk import`."}</p>
      )}
      <Pagination page={list.page} pageCount={list.pageCount} href={(page) => listHref(list, page)} label="Article pages" />
    </>
  );
}
