"use client";

import { useEffect, useRef, type ReactNode } from "react";
import styles from "./publishing.module.css";

/**
 * A modal built on the native <dialog>: the browser traps focus, closes it on Escape and makes
 * the rest of the page inert. Children mount only while open, so each opening starts fresh.
 */
export function ModalDialog({
  open,
  onClose,
  labelledBy,
  children,
}: {
  open: boolean;
  onClose: () => void;
  labelledBy: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className={styles.dialog} aria-labelledby={labelledBy} onClose={onClose}>
      {open ? children : null}
    </dialog>
  );
}
