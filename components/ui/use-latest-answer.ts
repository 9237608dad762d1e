"use client";

import { useEffect, useRef, useState } from "react";
import type { ServerAction } from "@/lib/errors";

/**
 * Asks a server action whenever its input changes and keeps only the answer to the latest
 * request: a slow earlier answer must not replace a newer one (typing "Mei" then "Meissner").
 * `error` is the message for `field` if the action refused the input, else the action's error;
 * `setError` lets the caller show errors of its own in the same place.
 */
export function useLatestAnswer<T>(action: ServerAction<T>, input: Record<string, unknown>, field: string) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  // The input as a string, so a new object with the same values asks nothing again.
  const request = JSON.stringify(input);

  useEffect(() => {
    const id = ++latest.current;
    void action(JSON.parse(request)).then((result) => {
      if (id !== latest.current) return;
      if (result.ok) {
        setData(result.data);
        setError(null);
      } else {
        setError(result.fieldErrors?.[field]?.[0] ?? result.error);
      }
    });
  }, [action, request, field]);

  return { data, error, setError };
}
