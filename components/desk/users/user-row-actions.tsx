"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { ROLES, ROLE_LABELS, type RoleName } from "@/lib/auth/roles";
import type { ActionResult } from "@/lib/errors";
import { OneTimePassword } from "./one-time-password";

export type UsersActionState = ActionResult<{ message: string; password?: string | null }> | null;
/** A user-management server action as `useActionState` calls it (the page passes them in). */
export type UsersFormAction = (previous: UsersActionState, form: FormData) => Promise<UsersActionState>;

/** The row forms' actions, from app/(desk)/desk/users/actions.ts via the page. */
export interface UserRowActions {
  changeRole: UsersFormAction;
  setDisabled: UsersFormAction;
  resetPassword: UsersFormAction;
}

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

function Outcome({ state }: { state: UsersActionState }) {
  if (!state) return null;
  if (!state.ok) {
    const messages = [state.error, ...Object.values(state.fieldErrors ?? {}).flat()];
    return (
      <p className="field-error" role="alert">
        {[...new Set(messages)].join(" ")}
      </p>
    );
  }
  return (
    <p className="muted" role="status">
      {state.data.message}
    </p>
  );
}

export function RoleForm({ userId, email, role, isSelf, action }: { userId: string; email: string; role: RoleName; isSelf: boolean; action: UsersFormAction }) {
  const [state, formAction, pending] = useActionState<UsersActionState, FormData>(action, null);
  const error = state && !state.ok ? (state.fieldErrors?.role ?? state.error) : undefined;
  if (isSelf) return <span>{ROLE_LABELS[role]}</span>;
  return (
    <form action={formAction} className="inline-form">
      <input type="hidden" name="userId" value={userId} />
      <SelectField label={`Role for ${email}`} labelHidden name="role" defaultValue={role} options={ROLE_OPTIONS} error={error} />
      <Button type="submit" pending={pending} pendingLabel="Saving…" aria-label={`Change role of ${email}`}>
        Change role
      </Button>
      {state?.ok ? <Outcome state={state} /> : null}
    </form>
  );
}

export function DisableForm({
  userId,
  email,
  disabled,
  isSelf,
  action,
}: {
  userId: string;
  email: string;
  disabled: boolean;
  isSelf: boolean;
  action: UsersFormAction;
}) {
  const [state, formAction, pending] = useActionState<UsersActionState, FormData>(action, null);
  if (isSelf) return null;
  return (
    <form action={formAction} className="inline-form">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="disabled" value={disabled ? "false" : "true"} />
      <Button type="submit" variant={disabled ? "secondary" : "danger"} pending={pending} aria-label={`${disabled ? "Enable" : "Disable"} ${email}`}>
        {disabled ? "Enable" : "Disable"}
      </Button>
      <Outcome state={state} />
    </form>
  );
}

export function ResetPasswordForm({ userId, email, action }: { userId: string; email: string; action: UsersFormAction }) {
  const [state, formAction, pending] = useActionState<UsersActionState, FormData>(action, null);
  return (
    <form action={formAction} className="inline-form">
      <input type="hidden" name="userId" value={userId} />
      <Button type="submit" pending={pending} pendingLabel="Resetting…" aria-label={`Reset password of ${email}`}>
        Reset password
      </Button>
      {state?.ok && state.data.password ? <OneTimePassword password={state.data.password} email={email} /> : <Outcome state={state} />}
    </form>
  );
}
