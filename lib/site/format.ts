const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withTime}`;
  let existing = formatters.get(key);
  if (!existing) {
    existing = new Intl.DateTimeFormat("en-GB", {
      day: "numeric",
      month: "long",
      year: "numeric",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" } : {}),
      timeZone,
    });
    formatters.set(key, existing);
  }
  return existing;
}

/** "11 August 2024" */
export function formatDate(iso: string, timeZone = "UTC"): string {
  return formatter(timeZone, false).format(new Date(iso));
}

/** "11 August 2024 at 14:05 UTC" */
export function formatDateTime(iso: string, timeZone = "UTC"): string {
  return formatter(timeZone, true).format(new Date(iso));
}
