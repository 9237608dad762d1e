// Client-safe: the publish dialog converts and shows times with these too.

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

export function isValidTimeZone(value: string | undefined): value is string {
  if (!value) return false;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** NEWSROOM_TIME_ZONE (an IANA zone such as "Europe/London"), else UTC. */
export function newsroomTimeZone(env: Record<string, string | undefined> = process.env): string {
  const value = env.NEWSROOM_TIME_ZONE?.trim();
  return isValidTimeZone(value) ? value : "UTC";
}

/** The zone's offset from UTC at `instant`, in minutes (e.g. +60 for Paris in winter). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant a wall-clock time ("2026-12-02T06:00", as a datetime-local input gives it) names
 * in `timeZone`. In a spring-forward gap the time is read with the offset before the jump; in
 * the autumn's repeated hour, the first occurrence. Null when it is not such a time.
 */
export function wallTimeToInstant(wallTime: string, timeZone: string): Date | null {
  const match = WALL_TIME.exec(wallTime);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(naive);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) {
    return null;
  }
  // Read the time with the offsets in force a few hours either side: around a change one of them
  // is right (both, in the repeated autumn hour: the earlier instant wins).
  const before = naive - zoneOffsetMinutes(new Date(naive - 6 * 3_600_000), timeZone) * 60_000;
  const after = naive - zoneOffsetMinutes(new Date(naive + 6 * 3_600_000), timeZone) * 60_000;
  const exact = [before, after].filter((candidate) => instantToWallTime(new Date(candidate), timeZone) === wallTime.slice(0, 16));
  // Neither fits in the spring gap: the clock time with the offset before the jump.
  return new Date(exact.length > 0 ? Math.min(...exact) : before);
}

/** "2026-12-02T06:00": the wall-clock time of `instant` in `timeZone` (for a datetime-local input). */
export function instantToWallTime(instant: Date, timeZone: string): string {
  const shifted = new Date(instant.getTime() + zoneOffsetMinutes(instant, timeZone) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** "Wed 2 Dec 2026, 06:00 GMT" in the given zone. */
export function formatInZone(instant: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).format(typeof instant === "string" ? new Date(instant) : instant);
}
