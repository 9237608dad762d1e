import type { Metadata } from "next";
import { AuditTable, type AuditRow } from "@/components/desk/users/audit-table";
import { AccessDenied } from "@/components/ui/access-denied";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { Pagination } from "@/components/ui/pagination";
import { listAuditActions, listAuditEvents, type AuditEventView } from "@/lib/audit";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined) {
  return Array.isArray(value) ? value[0] : value;
}

function detailPairs(details: unknown): Array<[string, string]> {
  if (!details || typeof details !== "object" || Array.isArray(details)) return details == null ? [] : [["value", JSON.stringify(details)]];
  return Object.entries(details).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]);
}

function toRow(event: AuditEventView): AuditRow {
  return {
    id: event.id,
    at: event.at.toISOString(),
    action: event.action,
    actor: event.actor ? `${event.actor.name} (${event.actor.email})` : null,
    target: event.targetType ? `${event.targetType}${event.targetId ? ` ${event.targetId}` : ""}` : null,
    targetHref: event.targetType === "article" && event.targetId ? `/desk/articles/${encodeURIComponent(event.targetId)}` : null,
    details: detailPairs(event.details),
  };
}

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const { allowed } = await requirePageUser("admin", "/desk/audit");
  if (!allowed) return <AccessDenied what="the audit log" />;
  const params = await searchParams;
  const action = first(params.action) || null;
  const requestedPage = Number(first(params.page) ?? 1);
  const [result, actions] = await Promise.all([
    listAuditEvents({ action, page: Number.isFinite(requestedPage) ? requestedPage : 1, pageSize: 50 }),
    listAuditActions(),
  ]);
  const href = (page: number) => {
    const query = new URLSearchParams();
    if (action) query.set("action", action);
    if (page > 1) query.set("page", String(page));
    const search = query.toString();
    return `/desk/audit${search ? `?${search}` : ""}`;
  };
  return (
    <>
      <h1>Audit log</h1>
      <form method="get" action="/desk/audit" className="inline-form" role="search" aria-label="Filter the audit log">
        <SelectField
          label="Action"
          name="action"
          defaultValue={action ?? ""}
          options={[{ value: "", label: "All actions" }, ...actions.map((a) => ({ value: a, label: a }))]}
        />
        <Button type="submit">Filter</Button>
      </form>
      <p className="muted">
        {result.total} {result.total === 1 ? "event" : "events"}
        {action ? ` with action “${action}”` : ""}.
      </p>
      <AuditTable events={result.events.map(toRow)} />
      <Pagination page={result.page} pageCount={result.pageCount} href={href} label="Audit log pages" />
    </>
  );
}
