"use client";

import { useCallback, useEffect, useRef, useState, type Dispatch, type SetStateAction } from "react";
import type { DraftContent } from "@/components/desk/editor/draft";
import type { ServerAction } from "@/lib/errors";
import { asksForWholeText, DraftPacker } from "@/lib/factcheck/draft-packing";
import type { ArticleCheckResult } from "@/lib/factcheck/findings";
import { useLatest } from "./use-latest";

/** A check runs this long after the last keystroke. */
export const CHECK_DELAY_MS = 600;
/** Grammar still loading (just after a server start): the text is checked again this much later. */
export const GRAMMAR_PENDING_RETRY_MS = 1_000;

export interface FactcheckRun {
  /** The last answer (findings taken out by a fix or an ignore until the next check confirms). */
  result: ArticleCheckResult | null;
  setResult: Dispatch<SetStateAction<ArticleCheckResult | null>>;
  checking: boolean;
  /** Why the last check gave no answer, in words. */
  failure: string | null;
  /** Checks `content` now; a newer check's answer wins over an older one's. */
  runCheck(content: DraftContent): Promise<ArticleCheckResult | null>;
  /** Checks the text as it stands now. */
  recheck(): Promise<ArticleCheckResult | null>;
}

/**
 * Runs the fact-check on the text in the editor: on load at once, then a moment after the last
 * edit; holds the findings of the newest answer.
 */
export function useFactcheckRun(articleId: string, draft: DraftContent, check: ServerAction<ArticleCheckResult>): FactcheckRun {
  const [result, setResult] = useState<ArticleCheckResult | null>(null);
  const [checking, setChecking] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const sequence = useRef(0);
  const draftRef = useLatest(draft);
  const grammarRetry = useRef<ReturnType<typeof setTimeout> | null>(null);
  const runCheckRef = useRef<FactcheckRun["runCheck"] | null>(null);
  // The blocks and captions the server has from earlier checks: sent by handle, not again in full.
  const packer = useRef<DraftPacker | null>(null);

  const runCheck = useCallback(
    async (content: DraftContent): Promise<ArticleCheckResult | null> => {
      const mine = ++sequence.current;
      if (grammarRetry.current) clearTimeout(grammarRetry.current);
      grammarRetry.current = null;
      setChecking(true);
      try {
        packer.current ??= new DraftPacker();
        let { sent, packed } = packer.current.pack(content);
        let response = await check({ articleId, ...packed });
        if (asksForWholeText(response)) {
          // This server does not hold what the handles name (another instance, a restart): all of it.
          packer.current.forget();
          ({ sent, packed } = packer.current.pack(content));
          response = await check({ articleId, ...packed });
        }
        if (response.ok) packer.current.received(sent, response.data.receipts);
        if (mine !== sequence.current) return response.ok ? response.data : null;
        if (response.ok) {
          setResult(response.data);
          setFailure(null);
          // The names came first; the grammar findings come with a check once the checker is loaded,
          // and spelling suggestions the check had no time for once the worker has worked them out.
          if (response.data.grammarPending || response.data.spellingPending) grammarRetry.current = setTimeout(() => void runCheckRef.current?.(draftRef.current), GRAMMAR_PENDING_RETRY_MS);
          return response.data;
        }
        // A draft the save would refuse (an empty headline, say) is shown by the editor itself.
        setFailure(response.status === 422 ? "Paused: the text has problems the editor shows; the check resumes once they are fixed." : response.error);
        return null;
      } catch {
        if (mine === sequence.current) setFailure("The check could not reach the server. It will try again after the next edit.");
        return null;
      } finally {
        if (mine === sequence.current) setChecking(false);
      }
    },
    [articleId, check, draftRef],
  );
  useEffect(() => {
    runCheckRef.current = runCheck;
  }, [runCheck]);
  useEffect(
    () => () => {
      if (grammarRetry.current) clearTimeout(grammarRetry.current);
    },
    [],
  );

  const recheck = useCallback(() => runCheck(draftRef.current), [runCheck, draftRef]);

  // On load at once, then a moment after the last edit.
  const firstCheck = useRef(true);
  useEffect(() => {
    const delay = firstCheck.current ? 0 : CHECK_DELAY_MS;
    firstCheck.current = false;
    const timer = setTimeout(() => void runCheck(draft), delay);
    return () => clearTimeout(timer);
  }, [draft, runCheck]);

  return { result, setResult, checking, failure, runCheck, recheck };
}
