"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui";
import type { ServerAction } from "@/lib/errors";
import type { ReuseImageResult } from "@/lib/media/library";

export type ReuseImageAction = ServerAction<ReuseImageResult>;

/** Adds the image to one article as a new photo (with its caption and credit); says where it went. */
export function ReuseButton({ assetId, article, reuse }: { assetId: string; article: { id: string; headline: string }; reuse: ReuseImageAction }) {
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <span className="reuse-button">
      {outcome?.ok ? (
        <span role="status">
          Added as a new photo. <Link href={`/desk/articles/${article.id}`}>Open “{article.headline}”</Link>
        </span>
      ) : (
        <Button
          type="button"
          variant="secondary"
          disabled={pending}
          aria-label={`Add to this article: ${article.headline}`}
          onClick={() =>
            startTransition(async () => {
              const result = await reuse({ assetId, articleId: article.id });
              setOutcome(result.ok ? { ok: true, text: "" } : { ok: false, text: result.fieldErrors?.articleId?.[0] ?? result.error });
            })
          }
        >
          Add to this article
        </Button>
      )}
      {outcome && !outcome.ok ? (
        <span className="field-error" role="alert">
          {outcome.text}
        </span>
      ) : null}
    </span>
  );
}
