"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui";
import type { SaveResult } from "@/lib/articles/edit-schema";
import type { ServerAction } from "@/lib/errors";

export type RestoreRevisionAction = ServerAction<SaveResult>;

/** Restores one revision as a new one, after a confirm; refused (and explained) if the article changed meanwhile. */
export function RestoreButton({
  articleId,
  version,
  currentVersion,
  restore,
}: {
  articleId: string;
  version: number;
  currentVersion: number;
  restore: RestoreRevisionAction;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);

  const onClick = () => {
    const question = `Restore version ${version}? Its text becomes the new current version; version ${currentVersion} stays in the history.`;
    if (!window.confirm(question)) return;
    startTransition(async () => {
      const result = await restore({ articleId, version, expectedVersion: currentVersion });
      if (!result.ok) {
        setMessage({
          tone: "error",
          text: result.status === 409 ? `${result.error} Reload the history to see the new version, then try again.` : result.error,
        });
        return;
      }
      setMessage({
        tone: "success",
        text: result.data.changed
          ? `Restored: version ${result.data.version} now has the text of version ${version}.`
          : `Version ${version} reads the same as the current version; nothing to restore.`,
      });
      router.refresh();
    });
  };

  return (
    <div>
      <Button onClick={onClick} pending={pending} pendingLabel="Restoring…" aria-label={`Restore version ${version}`}>
        Restore
      </Button>
      <p role="status" className={`restore-result${message?.tone === "error" ? " field-error" : ""}`}>
        {message?.text}
      </p>
    </div>
  );
}
