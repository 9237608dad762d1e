import Link from "next/link";

export interface AuditRow {
  id: string;
  /** ISO timestamp */
  at: string;
  action: string;
  actor: string | null;
  target: string | null;
  /** Where the target can be looked at in the desk, if anywhere. */
  targetHref?: string | null;
  details: Array<[string, string]>;
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

export function AuditTable({ events }: { events: AuditRow[] }) {
  if (!events.length) return <p>No events match.</p>;
  return (
    <table className="data">
      <caption className="visually-hidden">Audit events, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When (UTC)</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Target</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id}>
            <td>
              <time dateTime={event.at}>{dateFormat.format(new Date(event.at))}</time>
            </td>
            <td>{event.actor ?? <span className="muted">system / unknown</span>}</td>
            <td>
              <code>{event.action}</code>
            </td>
            <td>{event.target && event.targetHref ? <Link href={event.targetHref}>{event.target}</Link> : (event.target ?? "")}</td>
            <td>
              {event.details.length ? (
                <dl className="details">
                  {event.details.map(([key, value]) => (
                    <div key={key}>
                      <dt>{key}</dt>
                      <dd>{value}</dd>
                    </div>
                  ))}
                </dl>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
