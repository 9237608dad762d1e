import type { ReactNode } from "react";

/** A form-level error, announced by screen readers when it appears. Renders nothing without a message. */
export function FormError({ message, id }: { message?: string | null; id?: string }) {
  // The live region stays mounted so assistive technology notices when a message arrives.
  return (
    <div id={id} className={message ? "form-error" : undefined} role="alert">
      {message || null}
    </div>
  );
}

/** A success or information message after a form did its work. */
export function Notice({ children, tone = "info" }: { children?: ReactNode; tone?: "info" | "success" | "warning" }) {
  if (!children) return null;
  return (
    <div className={`notice notice-${tone}`} role="status">
      {children}
    </div>
  );
}
