import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeskTime } from "@/components/desk/publishing/desk-time";
import { RestoreButton } from "@/components/desk/history/restore-button";
import { FieldChanges } from "@/components/desk/diff/field-changes";
import "@/components/desk/history/history.css";
import { AccessDenied, Button } from "@/components/ui";
import { compareRevisions, getArticleForEditing, listRevisions } from "@/lib/articles";
import { requirePageUser } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { restoreRevisionAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Revision history" };

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ from?: string | string[]; to?: string | string[] }>;
};

const KIND_LABELS = { import: "Imported", save: "Saved", restore: "Restored", reimport: "Re-imported" } as const;

function versionParam(value: string | string[] | undefined, known: Set<number>): number | null {
  const number = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(number) && known.has(number) ? number : null;
}

// GET /desk/articles/[id]/history — desk users (reporter and up) compare any two revisions and restore one
export default async function ArticleHistoryPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { allowed } = await requirePageUser("reporter", `/desk/articles/${encodeURIComponent(id)}/history`);
  if (!allowed) return <AccessDenied what="the revision history" />;
  const article = await getArticleForEditing(id).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const revisions = await listRevisions(id);
  const known = new Set(revisions.map((revision) => revision.version));
  const query = await searchParams;
  // Default: what the latest revision changed (previous against latest).
  const latest = revisions[0]?.version ?? article.version;
  const to = versionParam(query.to, known) ?? latest;
  const from = versionParam(query.from, known) ?? revisions.find((revision) => revision.version < to)?.version ?? to;
  const comparison = known.has(from) && known.has(to) ? await compareRevisions(id, from, to) : null;

  return (
    <div className="history-page">
      <p>
        <Link href={`/desk/articles/${id}`}>← Back to the editor</Link>
      </p>
      <h1>History: {article.headline}</h1>
      <p className="muted">
        Current version: {article.version}. Restoring a version writes its text as a new version; no version is ever lost.
      </p>

      <section aria-labelledby="compare-title">
        <h2 id="compare-title">
          Changes from version {from} to version {to}
        </h2>
        <form className="history-compare" method="get">
          <div className="field">
            <label htmlFor="compare-from">From version</label>
            <select id="compare-from" name="from" defaultValue={String(from)}>
              <VersionOptions revisions={revisions} />
            </select>
          </div>
          <div className="field">
            <label htmlFor="compare-to">To version</label>
            <select id="compare-to" name="to" defaultValue={String(to)}>
              <VersionOptions revisions={revisions} />
            </select>
          </div>
          <Button type="submit">Compare</Button>
        </form>
        <p className="muted history-legend">
          <del>Struck through</del>: only in version {from}. <ins>Underlined</ins>: only in version {to}.
        </p>
        {comparison ? <FieldChanges changes={comparison.changes} emptyMessage="These two versions read the same." /> : <p>Choose two versions to compare.</p>}
      </section>

      <section aria-labelledby="revisions-title">
        <h2 id="revisions-title">All versions</h2>
        <table className="data revisions">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">What</th>
              <th scope="col">Who</th>
              <th scope="col">When</th>
              <th scope="col">Changes</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {revisions.map((revision) => {
              const previous = revisions.find((candidate) => candidate.version < revision.version);
              return (
                <tr key={revision.version} className={revision.version === to || revision.version === from ? "revision-selected" : undefined}>
                  <td>
                    {revision.version}
                    {revision.version === article.version ? <span className="badge"> current</span> : null}
                    {revision.published ? <span className="badge"> published</span> : null}
                  </td>
                  <td>{KIND_LABELS[revision.kind]}</td>
                  <td>{revision.authorName ?? <span className="muted">Importer</span>}</td>
                  <td>
                    <DeskTime iso={revision.createdAt.toISOString()} />
                  </td>
                  <td>
                    {revision.summary}
                    {previous ? (
                      <>
                        {" "}
                        <Link href={`?from=${previous.version}&to=${revision.version}`} aria-label={`Show changes of version ${revision.version}`}>
                          Show changes
                        </Link>
                      </>
                    ) : null}
                  </td>
                  <td className="revision-actions">
                    {revision.version !== article.version ? (
                      <RestoreButton articleId={id} version={revision.version} currentVersion={article.version} restore={restoreRevisionAction} />
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function VersionOptions({ revisions }: { revisions: Array<{ version: number; kind: keyof typeof KIND_LABELS; authorName: string | null }> }) {
  return revisions.map((revision) => (
    <option key={revision.version} value={revision.version}>
      {revision.version}: {KIND_LABELS[revision.kind]}
      {revision.authorName ? ` by ${revision.authorName}` : ""}
    </option>
  ));
}
