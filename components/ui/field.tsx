import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

export type FieldErrorValue = string | readonly string[] | null | undefined;

/** Props to spread onto the control so its label, hint and error are announced with it. */
export interface FieldControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

export interface FieldProps {
  label: ReactNode;
  error?: FieldErrorValue;
  hint?: ReactNode;
  /** Defaults to a generated id, so the same field may appear in several forms on a page. */
  id?: string;
  className?: string;
  /** Keeps the label for screen readers only, e.g. in a table row whose column header says it. */
  labelHidden?: boolean;
  children: (control: FieldControlProps) => ReactNode;
}

function errorMessages(error: FieldErrorValue): string[] {
  if (!error) return [];
  return typeof error === "string" ? [error] : [...error];
}

/** A label, the control, an optional hint and the field's errors, wired with aria-describedby. */
export function Field({ label, error, hint, id, className, labelHidden = false, children }: FieldProps) {
  const generatedId = useId();
  const controlId = id ?? `field${generatedId.replace(/:/g, "")}`;
  const messages = errorMessages(error);
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = messages.length ? `${controlId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={["field", messages.length ? "field-invalid" : null, className].filter(Boolean).join(" ")}>
      <label htmlFor={controlId} className={labelHidden ? "visually-hidden" : undefined}>
        {label}
      </label>
      {children({ id: controlId, "aria-describedby": describedBy, "aria-invalid": messages.length ? true : undefined })}
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <p id={errorId} className="field-error">
          {messages.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

type CommonFieldProps = Omit<FieldProps, "children">;

export function TextField({ label, error, hint, id, className, labelHidden, ...input }: CommonFieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, "id">) {
  return (
    <Field label={label} error={error} hint={hint} id={id} className={className} labelHidden={labelHidden}>
      {(control) => <input type="text" {...input} {...control} />}
    </Field>
  );
}

export function TextAreaField({ label, error, hint, id, className, labelHidden, ...textarea }: CommonFieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id">) {
  return (
    <Field label={label} error={error} hint={hint} id={id} className={className} labelHidden={labelHidden}>
      {(control) => <textarea {...textarea} {...control} />}
    </Field>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export function SelectField({
  label,
  error,
  hint,
  id,
  className,
  labelHidden,
  options,
  ...select
}: CommonFieldProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & { options: readonly SelectOption[] }) {
  return (
    <Field label={label} error={error} hint={hint} id={id} className={className} labelHidden={labelHidden}>
      {(control) => (
        <select {...select} {...control}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
