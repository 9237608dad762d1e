import type { Metadata } from "next";
import { AuditTable, type AuditRow } from "@/components/desk/users/audit-table";
import { AccessDenied } from "@/components/ui/access-denied";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { KeysetPagination } from "@/components/ui/pagination";
import { AUDIT_TOTAL_BOUND, listAuditActions, listAuditEvents, type AuditEventView } from "@/lib/audit";
import { FormError } from "@/components/ui/form-error";
import { toAppError } from "@/lib/errors";
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
  const action = first(params.action)?.slice(0, 200) || null;
  const position = { after: first(params.after) || null, before: first(params.before) || null };
  const [result, actions] = await Promise.all([
    listAuditEvents({ action, ...position, pageSize: 50 }).catch((error: unknown) => {
      // A broken page link is said so, not a 500.
      const known = toAppError(error);
      if (known && known.status === 422) return known;
      throw error;
    }),
    listAuditActions(),
  ]);
  const href = (extra: Record<string, string> = {}) => {
    const query = new URLSearchParams({ ...(action ? { action } : {}), ...extra });
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
      {result instanceof Error ? (
        <FormError message={result.message} />
      ) : (
        <>
          <p className="muted">
            {result.totalIsBound ? `More than ${AUDIT_TOTAL_BOUND.toLocaleString("en")} events` : `${result.total.toLocaleString("en")} ${result.total === 1 ? "event" : "events"}`}
            {action ? ` with action “${action}”` : ""}.
          </p>
          <AuditTable events={result.events.map(toRow)} />
          <KeysetPagination
            previousHref={result.previous ? href({ before: result.previous }) : null}
            nextHref={result.next ? href({ after: result.next }) : null}
            firstHref={href()}
            label="Audit log pages"
          />
        </>
      )}
    </>
  );
}
