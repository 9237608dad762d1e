import type { ButtonHTMLAttributes } from "react";

export type ButtonVariant = "primary" | "secondary" | "danger" | "link";

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  /** Shows a busy label and disables the button while a submission runs. */
  pending?: boolean;
  pendingLabel?: string;
}

/** A button; `type` defaults to "button" so it never submits a form by accident. */
export function Button({ variant = "secondary", pending = false, pendingLabel, className, disabled, children, type = "button", ...rest }: ButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      className={["button", `button-${variant}`, className].filter(Boolean).join(" ")}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
    >
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}
