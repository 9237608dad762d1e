import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";
import { decodeCursor, keysetPage } from "@/lib/db/keyset";
import { ValidationError } from "@/lib/errors";

/**
 * The audit log: who did what, when. Record inside the same transaction as the change it
 * describes, so an event exists exactly when the change committed.
 */

export const AUDIT_ACTIONS = [
  "login",
  "login_failed",
  "logout",
  "article.save",
  "article.publish",
  "article.unpublish",
  "article.correction",
  "article.restore",
  "article.import",
  "article.taxonomy",
  "comment.create",
  "comment.reply",
  "comment.edit",
  "comment.delete",
  "comment.resolve",
  "comment.reopen",
  "contributor.update",
  "credit.create",
  "credit.update",
  "dictionary.update",
  "user.create",
  "user.update",
  "user.reset_password",
] as const;
/** Known actions are listed for the audit page's filter; other teams may record further ones. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number] | (string & {});

export interface AuditInput {
  actorId: string | null;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  /** Plain JSON describing the change. Never put passwords or hashes here. */
  details?: Prisma.InputJsonValue;
}

type AuditWriter = Pick<Prisma.TransactionClient, "auditEvent">;

export async function recordAudit(client: AuditWriter, input: AuditInput): Promise<void> {
  await client.auditEvent.create({
    data: {
      actorId: input.actorId,
      action: input.action,
      targetType: input.targetType ?? null,
      targetId: input.targetId ?? null,
      details: input.details,
    },
  });
}

export interface AuditEventView {
  id: string;
  at: Date;
  action: string;
  actor: { id: string; email: string; name: string } | null;
  targetType: string | null;
  targetId: string | null;
  details: unknown;
}

export interface AuditPage {
  events: AuditEventView[];
  pageSize: number;
  /** Exact up to AUDIT_TOTAL_BOUND; `totalIsBound` says there are more. */
  total: number;
  totalIsBound: boolean;
  next: string | null;
  previous: string | null;
}

export const AUDIT_TOTAL_BOUND = 10_000;

const TIMESTAMP_KEY = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

function readCursor(cursor: string): { at: string; id: string } {
  const [at, id] = decodeCursor(cursor, 2);
  if (!TIMESTAMP_KEY.test(at) || !/^[\w-]{1,64}$/.test(id)) {
    throw new ValidationError("This page link is broken. Start again from the first page.", { cursor: ["This page link is broken."] });
  }
  return { at, id };
}

/**
 * Newest first, optionally only one action, in keyset pages (`after`/`before` cursors from a
 * previous page): each page costs the same however deep, from the (action, at, id) index.
 */
export async function listAuditEvents(
  options: { pageSize?: number; action?: string | null; after?: string | null; before?: string | null } = {},
): Promise<AuditPage> {
  const pageSize = Math.min(Math.max(Math.trunc(options.pageSize ?? 50) || 50, 1), 200);
  const direction = options.after ? "after" : options.before ? "before" : null;
  // An empty filter means "all"; never a condition on an undefined value.
  const filters: Prisma.Sql[] = options.action ? [Prisma.sql`e.action = ${options.action}`] : [];
  const conditions = [...filters];
  if (direction) {
    const { at, id } = readCursor((options.after ?? options.before)!);
    conditions.push(
      direction === "after" ? Prisma.sql`(e.at, e.id) < (${at}::timestamp, ${id})` : Prisma.sql`(e.at, e.id) > (${at}::timestamp, ${id})`,
    );
  }
  const where = (list: Prisma.Sql[]) => (list.length ? Prisma.sql`WHERE ${Prisma.join(list, " AND ")}` : Prisma.empty);
  const order = direction === "before" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const [rows, [{ total }]] = await Promise.all([
    db.$queryRaw<Array<{ id: string; at: Date; atKey: string; action: string; targetType: string | null; targetId: string | null; details: unknown; actorId: string | null; actorEmail: string | null; actorName: string | null }>>`
      SELECT e.id, e.at, e.at::text AS "atKey", e.action, e."targetType", e."targetId", e.details,
             u.id AS "actorId", u.email AS "actorEmail", u.name AS "actorName"
        FROM (SELECT * FROM "AuditEvent" e ${where(conditions)} ORDER BY e.at ${order}, e.id ${order} LIMIT ${pageSize + 1}) e
        LEFT JOIN "User" u ON u.id = e."actorId"
       ORDER BY e.at ${order}, e.id ${order}`,
    db.$queryRaw<Array<{ total: number }>>`
      SELECT count(*)::int AS total FROM (SELECT 1 FROM "AuditEvent" e ${where(filters)} LIMIT ${AUDIT_TOTAL_BOUND + 1}) counted`,
  ]);
  const page = keysetPage(rows, { pageSize, direction, key: (row) => [row.atKey, row.id] });
  return {
    events: page.rows.map((row) => ({
      id: row.id,
      at: row.at,
      action: row.action,
      actor: row.actorId ? { id: row.actorId, email: row.actorEmail!, name: row.actorName! } : null,
      targetType: row.targetType,
      targetId: row.targetId,
      details: row.details,
    })),
    pageSize,
    total: Math.min(total, AUDIT_TOTAL_BOUND),
    totalIsBound: total > AUDIT_TOTAL_BOUND,
    next: page.next,
    previous: page.previous,
  };
}

/**
 * The distinct actions present in the log, for the filter menu: a loose index scan (one index
 * probe per distinct action) rather than reading the whole log.
 */
export async function listAuditActions(): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ action: string }>>`
    WITH RECURSIVE actions AS (
      (SELECT action FROM "AuditEvent" ORDER BY action LIMIT 1)
      UNION ALL
      SELECT (SELECT e.action FROM "AuditEvent" e WHERE e.action > actions.action ORDER BY e.action LIMIT 1)
        FROM actions WHERE actions.action IS NOT NULL
    )
    SELECT action FROM actions WHERE action IS NOT NULL`;
  return rows.map((row) => row.action);
}
