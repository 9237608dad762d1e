import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";

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
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

/** Newest first, optionally only one action. `page` is 1-based and clamped to the last page. */
export async function listAuditEvents(options: { page?: number; pageSize?: number; action?: string | null } = {}): Promise<AuditPage> {
  const pageSize = Math.min(Math.max(Math.trunc(options.pageSize ?? 50), 1), 200);
  // An empty filter means "all"; never pass undefined into `where` by accident.
  const where: Prisma.AuditEventWhereInput = options.action ? { action: options.action } : {};
  const total = await db.auditEvent.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(Math.trunc(options.page ?? 1) || 1, 1), pageCount);
  const rows = await db.auditEvent.findMany({
    where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
    include: { actor: { select: { id: true, email: true, name: true } } },
  });
  return {
    events: rows.map((row) => ({
      id: row.id,
      at: row.at,
      action: row.action,
      actor: row.actor,
      targetType: row.targetType,
      targetId: row.targetId,
      details: row.details,
    })),
    page,
    pageSize,
    total,
    pageCount,
  };
}

/** The distinct actions present in the log, for the filter menu. */
export async function listAuditActions(): Promise<string[]> {
  const rows = await db.auditEvent.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } });
  return rows.map((row) => row.action);
}
