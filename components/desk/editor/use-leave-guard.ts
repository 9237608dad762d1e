"use client";

import { useEffect } from "react";

/** Leaving with unsaved text: the browser's own warning, and a confirm for links inside the desk. */
export function useLeaveGuard(unsafeToLeave: boolean, message = "You have unsaved changes. Leave this page anyway? (A copy stays in this browser.)") {
  useEffect(() => {
    if (!unsafeToLeave) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    const onClick = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!link || link.target === "_blank" || event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      if (new URL(link.href, location.href).origin !== location.origin) return;
      if (!window.confirm(message)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [unsafeToLeave, message]);
}
