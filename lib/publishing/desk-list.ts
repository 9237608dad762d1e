import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { parseInput, ValidationError } from "@/lib/errors";
import type { WorkflowStageName } from "@/lib/workflow/stages";
import { DESK_PAGE_SIZE, deskListQuerySchema, type ArticleStatusName, type DeskListQuery } from "./schemas";

export interface DeskArticleRow {
  id: string;
  slug: string;
  headline: string;
  status: ArticleStatusName;
  stage: WorkflowStageName;
  /** Pending timed publish/unpublish, soonest first. */
  schedules: Array<{ action: "publish" | "unpublish"; runAt: string }>;
  version: number;
  /** The version readers see (or saw); null when never published. */
  publishedVersion: number | null;
  /** Published (or unpublished) and edited since the last publication. */
  hasDraftChanges: boolean;
  /** The latest edit or publication: what happened, when, by whom. */
  lastChange: { what: "imported" | "reimported" | "edited" | "restored" | "published"; at: string; by: string | null };
}

export interface DeskArticlePage {
  articles: DeskArticleRow[];
  /** The filters as applied (after parsing), for the form and the pagination links. */
  query: string | null;
  status: ArticleStatusName | null;
  stage: WorkflowStageName | null;
  mine: boolean;
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

const REVISION_WHAT = { import: "imported", reimport: "reimported", save: "edited", restore: "restored" } as const;

/**
 * The desk's article list: headline search (case-insensitive), status filter, newest change
 * first, paginated. Input is parsed (a bad status or page is a ValidationError, never a
 * filter that quietly matches everything).
 */
export async function listDeskArticles(input: DeskListQuery = {}, viewer: { id: string } | null = null): Promise<DeskArticlePage> {
  const { query, status, stage, mine, page: requestedPage } = parseInput(deskListQuerySchema, input);
  // "Assigned to me" needs to know who is asking; without a viewer it is refused, not ignored.
  if (mine && !viewer) throw new ValidationError("Sign in to see the stories assigned to you.");
  // Each filter is added only when it has a value: Prisma ignores `undefined` and would match everything.
  const where: Prisma.ArticleWhereInput = {
    ...(query ? { headline: { contains: query, mode: "insensitive" } } : {}),
    ...(status ? { status } : {}),
    ...(stage ? { stage } : {}),
    ...(mine && viewer ? { OR: [{ assignedReporterId: viewer.id }, { assignedEditorId: viewer.id }] } : {}),
  };
  const total = await db.article.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / DESK_PAGE_SIZE));
  const page = Math.min(requestedPage, pageCount);

  const rows = await db.article.findMany({
    where,
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    skip: (page - 1) * DESK_PAGE_SIZE,
    take: DESK_PAGE_SIZE,
    select: {
      id: true,
      slug: true,
      headline: true,
      status: true,
      stage: true,
      version: true,
      updatedAt: true,
      schedules: { where: { state: "pending" }, orderBy: { runAt: "asc" }, select: { action: true, runAt: true } },
      revisions: {
        orderBy: { version: "desc" },
        take: 1,
        select: { kind: true, createdAt: true, author: { select: { name: true } } },
      },
      publications: {
        orderBy: { publishedAt: "desc" },
        take: 1,
        select: { publishedAt: true, publishedBy: { select: { name: true } }, revision: { select: { version: true } } },
      },
    },
  });

  return {
    articles: rows.map((row) => {
      const revision = row.revisions[0];
      const publication = row.publications[0];
      const publishedVersion = publication?.revision.version ?? null;
      const lastChange: DeskArticleRow["lastChange"] =
        publication && (!revision || publication.publishedAt >= revision.createdAt)
          ? { what: "published", at: publication.publishedAt.toISOString(), by: publication.publishedBy?.name ?? null }
          : revision
            ? { what: REVISION_WHAT[revision.kind], at: revision.createdAt.toISOString(), by: revision.author?.name ?? null }
            : { what: "edited", at: row.updatedAt.toISOString(), by: null };
      return {
        id: row.id,
        slug: row.slug,
        headline: row.headline,
        status: row.status,
        stage: row.stage,
        schedules: row.schedules.map((schedule) => ({ action: schedule.action, runAt: schedule.runAt.toISOString() })),
        version: row.version,
        publishedVersion,
        hasDraftChanges: row.status !== "draft" && publishedVersion !== null && publishedVersion !== row.version,
        lastChange,
      };
    }),
    query: query ?? null,
    status: status ?? null,
    stage: stage ?? null,
    mine: Boolean(mine),
    page,
    pageSize: DESK_PAGE_SIZE,
    total,
    pageCount,
  };
}
