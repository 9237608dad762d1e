"use client";

import { useSyncExternalStore } from "react";
import { TextField } from "@/components/ui";
import type { FieldErrorValue } from "@/components/ui";
import { formatInZone, wallTimeToInstant } from "@/lib/scheduling/time-zone";
import styles from "./publishing.module.css";

const noSubscription = () => () => {};
const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The editor's own time zone (the newsroom's while rendering on the server). */
export function useOwnTimeZone(fallback: string): string {
  return useSyncExternalStore(noSubscription, browserTimeZone, () => fallback);
}

/** A time in newsroom and own zone: "Wed 2 Dec 2026, 06:00 GMT (07:00 CET your time)". */
export function BothZones({ iso, newsroomTimeZone }: { iso: string; newsroomTimeZone: string }) {
  const own = useOwnTimeZone(newsroomTimeZone);
  return (
    <>
      <time dateTime={iso}>{formatInZone(iso, newsroomTimeZone)}</time>
      {own !== newsroomTimeZone ? ` (${formatInZone(iso, own)} your time)` : null}
    </>
  );
}

export type When = "now" | "later";

/**
 * "Now" or "At a time": the time is entered as newsroom wall time (NEWSROOM_TIME_ZONE) and shown
 * back in the editor's own zone as they type, so a desk in another zone sees what they set.
 */
export function WhenField({
  verb,
  when,
  onWhen,
  at,
  onAt,
  newsroomTimeZone,
  error,
  laterOnly = false,
}: {
  verb: "Publish" | "Unpublish";
  /** Only a timed action makes sense (unpublishing a story whose publication is still scheduled). */
  laterOnly?: boolean;
  when: When;
  onWhen: (when: When) => void;
  at: string;
  onAt: (at: string) => void;
  newsroomTimeZone: string;
  error?: FieldErrorValue;
}) {
  const own = useOwnTimeZone(newsroomTimeZone);
  const instant = at ? wallTimeToInstant(at, newsroomTimeZone) : null;
  const hint = instant
    ? own !== newsroomTimeZone
      ? `That is ${formatInZone(instant, own)} your time.`
      : `That is ${formatInZone(instant, newsroomTimeZone)}.`
    : `Entered in newsroom time (${newsroomTimeZone}).`;
  return (
    <fieldset className={styles.kinds}>
      <legend>When?</legend>
      {laterOnly ? null : (
        <>
          <label className={styles.kind}>
            <input type="radio" name="when" value="now" checked={when === "now"} onChange={() => onWhen("now")} /> {verb} now
          </label>
          <label className={styles.kind}>
            <input type="radio" name="when" value="later" checked={when === "later"} onChange={() => onWhen("later")} /> {verb} at a time
          </label>
        </>
      )}
      {when === "later" ? (
        <TextField
          label={`${verb} at (${newsroomTimeZone}, newsroom time)`}
          name="at"
          type="datetime-local"
          step={1}
          required
          value={at}
          onChange={(event) => onAt(event.target.value)}
          hint={hint}
          error={error}
        />
      ) : null}
    </fieldset>
  );
}
