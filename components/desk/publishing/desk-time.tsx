import { formatDeskTime } from "./format";

/** A machine-readable, UTC-formatted time for desk tables and status lines. */
export function DeskTime({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatDeskTime(iso)}</time>;
}
