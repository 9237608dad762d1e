"use client";

import { useActionState } from "react";
import {
  changeUserRoleAction,
  resetUserPasswordAction,
  setUserDisabledAction,
  type UsersActionState,
} from "@/app/(desk)/desk/users/actions";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { ROLES, ROLE_LABELS, type RoleName } from "@/lib/auth/roles";
import { OneTimePassword } from "./one-time-password";

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

export function RoleForm({ userId, email, role, isSelf }: { userId: string; email: string; role: RoleName; isSelf: boolean }) {
  const [state, formAction, pending] = useActionState<UsersActionState, FormData>(changeUserRoleAction, null);
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

export function DisableForm({ userId, email, disabled, isSelf }: { userId: string; email: string; disabled: boolean; isSelf: boolean }) {
  const [state, formAction, pending] = useActionState<UsersActionState, FormData>(setUserDisabledAction, null);
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

export function ResetPasswordForm({ userId, email }: { userId: string; email: string }) {
  const [state, formAction, pending] = useActionState<UsersActionState, FormData>(resetUserPasswordAction, null);
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
