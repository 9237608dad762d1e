import type { RawSql } from "@/lib/db/sql";

// The importer's audit event: one `article.import` event per import run, however many documents
// it holds. Each article already has its own record of the import, committed with it (its
// "import"/"reimport" Revision); what the audit log needs is who ran an import, when, on what and
// with what outcome, and a 100,000-document archive import must not bury every other event under
// 100,000 rows (nor 2,000, one per batch).
//
// The event is written in the transactions that change articles: each batch adds its counts to
// the run's one row (an upsert on the run's event id, the batch's last statement), so the event
// exists exactly when something committed and its counts are exactly what committed, even if the
// run stops halfway. At the end of the run the counts of what was not written (unchanged,
// skipped, failed) and the duration are added. Dry runs record nothing.

type Tx = Pick<RawSql, "$executeRawUnsafe">;

/** Numbers added up across the batches of a run. */
export interface ImportAuditCounts {
  created?: number;
  updated?: number;
  forced?: number;
  photos?: number;
  unchanged?: number;
  skipped?: number;
  failed?: number;
}

const COUNT_KEYS = ["created", "updated", "forced", "photos", "unchanged", "skipped", "failed"] as const;
// Paths given on the command line, as given; a run given thousands of paths keeps the first few.
const MAX_PATHS_RECORDED = 20;

export interface ImportRun {
  eventId: string;
  actorId: string | null;
  paths: readonly string[];
  force: boolean;
}

const ADD_COUNTS = COUNT_KEYS.map(
  (key) => `'${key}', COALESCE(("AuditEvent".details->>'${key}')::bigint, 0) + COALESCE((EXCLUDED.details->>'${key}')::bigint, 0)`,
).join(", ");

const UPSERT_SQL = `
INSERT INTO "AuditEvent" (id, at, "actorId", action, "targetType", details)
VALUES ($1, (now() AT TIME ZONE 'UTC'), $2, 'article.import', 'import', $3::jsonb)
ON CONFLICT (id) DO UPDATE
   SET details = "AuditEvent".details || EXCLUDED.details - ARRAY[${COUNT_KEYS.map((k) => `'${k}'`).join(", ")}]
                 || jsonb_build_object(${ADD_COUNTS})`;

/** Adds `counts` (and `extra` fields) to the run's event, creating it on first use. */
export async function recordImportProgress(tx: Tx, run: ImportRun, counts: ImportAuditCounts, extra: Record<string, unknown> = {}) {
  const details = {
    paths: run.paths.slice(0, MAX_PATHS_RECORDED),
    pathCount: run.paths.length,
    force: run.force,
    ...Object.fromEntries(COUNT_KEYS.map((key) => [key, counts[key] ?? 0])),
    ...extra,
  };
  await tx.$executeRawUnsafe(UPSERT_SQL, run.eventId, run.actorId, JSON.stringify(details));
}
