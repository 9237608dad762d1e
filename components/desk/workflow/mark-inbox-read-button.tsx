"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button, FormError } from "@/components/ui";
import type { ServerAction } from "@/lib/errors";

/** Marks one inbox entry (or, without an id, every unread one) read, through `markRead` (app/(desk)/desk/inbox/actions.ts). */
export function MarkInboxReadButton({ entryId, label, markRead }: { entryId?: string; label: string; markRead: ServerAction<unknown> }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <Button
        variant="link"
        pending={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await markRead(entryId ? { entryId } : {});
            if (!result.ok) return setError(result.error);
            router.refresh();
          })
        }
      >
        {label}
      </Button>
      <FormError message={error} />
    </>
  );
}
