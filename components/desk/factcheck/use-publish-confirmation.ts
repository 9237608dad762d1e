"use client";

import { useEffect, useRef, useState } from "react";
import type { ArticleEditorBridge } from "@/components/desk/editor/editor-bridge";
import type { DraftContent } from "@/components/desk/editor/draft";
import type { ArticleCheckResult, FindingView } from "@/lib/factcheck/findings";
import { useLatest } from "./use-latest";

export type Confirmation = { findings: FindingView[]; resolve: (publish: boolean) => void } | null;

/**
 * Publishing with likely errors open asks first. The check runs again on the text being published
 * (saved: publishing needs no unsaved changes), so the answer is current.
 */
export function usePublishConfirmation(
  bridge: ArticleEditorBridge,
  runCheck: (content: DraftContent) => Promise<ArticleCheckResult | null>,
  result: ArticleCheckResult | null,
) {
  const [confirmation, setConfirmation] = useState<Confirmation>(null);
  const goBackRef = useRef<HTMLButtonElement>(null);
  const draftRef = useLatest(bridge.draft);
  const resultRef = useLatest(result);

  useEffect(() => {
    bridge.setBeforePublish(async () => {
      const fresh = (await runCheck(draftRef.current)) ?? resultRef.current;
      const open = fresh?.findings.filter((finding) => finding.severity === "high") ?? [];
      if (open.length === 0) return true;
      return new Promise<boolean>((resolve) => setConfirmation({ findings: open, resolve }));
    });
    return () => bridge.setBeforePublish(null);
  }, [bridge, runCheck, draftRef, resultRef]);

  // The safe answer has focus: the dialog (shown by ModalDialog's effect, which runs before this
  // one) would otherwise focus its first button, "Publish anyway".
  useEffect(() => {
    if (confirmation) goBackRef.current?.focus();
  }, [confirmation]);

  const answer = (publish: boolean) => {
    confirmation?.resolve(publish);
    setConfirmation(null);
  };

  return { confirmation, answer, goBackRef };
}
