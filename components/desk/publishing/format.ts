// Desk times are shown in UTC: the same text on the server and in every browser (no hydration
// mismatch), and unambiguous between editors in different time zones.
const DESK_TIME = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});

export function formatDeskTime(iso: string): string {
  return `${DESK_TIME.format(new Date(iso))} UTC`;
}
