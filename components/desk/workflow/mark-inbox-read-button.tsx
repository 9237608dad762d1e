"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { markInboxReadAction } from "@/app/(desk)/desk/inbox/actions";
import { Button, FormError } from "@/components/ui";

/** Marks one inbox entry (or, without an id, every unread one) read. */
export function MarkInboxReadButton({ entryId, label }: { entryId?: string; label: string }) {
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
            const result = await markInboxReadAction(entryId ? { entryId } : {});
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
