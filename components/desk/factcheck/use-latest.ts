"use client";

import { useEffect, useRef } from "react";

/** A ref that always holds the value of the last render, for callbacks that outlive it. */
export function useLatest<T>(value: T) {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}
