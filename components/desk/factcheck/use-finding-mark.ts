"use client";

import { useCallback, useEffect, useRef } from "react";
import { PLAIN_FIELD_IDS, type ArticleEditorBridge, type PlainField } from "@/components/desk/editor/editor-bridge";
import type { FindingView } from "@/lib/factcheck/findings";
import { highlightInEditor, locateInEditor } from "./editor-text";
import { plainRange, plainField } from "./finding-rules";
import { useLatest } from "./use-latest";

export interface FindingMark {
  /** Marks the finding's text in its editor or field and brings it into view; false when the text changed since the check. */
  show(finding: FindingView): boolean;
  /** Takes the mark away, wherever it is. */
  clear(): void;
}

/** The one mark the panel keeps in the text: the chosen finding's words. Removed on unmount. */
export function useFindingMark(bridge: ArticleEditorBridge): FindingMark {
  const bridgeRef = useLatest(bridge);
  const highlighted = useRef<{ kind: "rich"; fieldKey: string } | { kind: "plain"; field: PlainField } | null>(null);

  const clear = useCallback(() => {
    const current = highlighted.current;
    highlighted.current = null;
    if (current?.kind === "rich") {
      const editor = bridgeRef.current.richTextEditor(current.fieldKey);
      if (editor) highlightInEditor(editor, null);
    } else if (current?.kind === "plain") {
      document.getElementById(PLAIN_FIELD_IDS[current.field])?.removeAttribute("data-factcheck-target");
    }
  }, [bridgeRef]);

  useEffect(() => clear, [clear]);

  const show = useCallback(
    (finding: FindingView): boolean => {
      clear();
      const { fieldKey } = finding.location;
      // Co-edited, the headline and standfirst are editors too: then the rich path below serves them.
      const field = bridgeRef.current.richTextEditor(fieldKey) ? null : plainField(fieldKey);
      if (field) {
        const input = document.getElementById(PLAIN_FIELD_IDS[field]) as HTMLInputElement | HTMLTextAreaElement | null;
        if (!input || !plainRange(input.value, finding.location, finding.text)) return false;
        input.setAttribute("data-factcheck-target", "");
        input.setSelectionRange(finding.location.from, finding.location.to);
        input.scrollIntoView({ block: "center", behavior: "smooth" });
        highlighted.current = { kind: "plain", field };
        return true;
      }
      const editor = bridgeRef.current.richTextEditor(fieldKey);
      const positions = editor ? locateInEditor(editor, finding.location, finding.text) : null;
      if (!editor || !positions) return false;
      highlightInEditor(editor, positions);
      highlighted.current = { kind: "rich", fieldKey };
      return true;
    },
    [clear, bridgeRef],
  );

  return { show, clear };
}
