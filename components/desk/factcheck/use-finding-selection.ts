"use client";

import { useEffect, useRef, useState } from "react";
import type { ArticleCheckResult, FindingView } from "@/lib/factcheck/findings";
import { findingKey } from "./finding-rules";
import type { FindingMark } from "./use-finding-mark";

/**
 * The finding chosen in the list (its key), kept across checks: a newer check that moved it (text
 * typed before it) is followed; one that no longer has it (fixed by typing) drops the choice and its mark.
 */
export function useFindingSelection(result: ArticleCheckResult | null, mark: FindingMark) {
  const [selected, setSelected] = useState<string | null>(null);
  const chosenRef = useRef<FindingView | null>(null);
  const { clear } = mark;

  useEffect(() => {
    if (selected === null || !result || result.findings.some((finding) => findingKey(finding) === selected)) return;
    const chosen = chosenRef.current;
    const moved = chosen
      ? result.findings.find(
          (finding) =>
            finding.fingerprint === chosen.fingerprint &&
            finding.location.fieldKey === chosen.location.fieldKey &&
            finding.location.block === chosen.location.block,
        )
      : undefined;
    if (!moved) clear();
    chosenRef.current = moved ?? null;
    setSelected(moved ? findingKey(moved) : null);
  }, [result, selected, clear]);

  return {
    selected,
    select(finding: FindingView) {
      setSelected(findingKey(finding));
      chosenRef.current = finding;
    },
    deselect() {
      setSelected(null);
    },
  };
}
