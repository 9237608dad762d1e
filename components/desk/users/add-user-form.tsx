"use client";

import { useActionState, useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormError, Notice } from "@/components/ui/form-error";
import { ROLES, ROLE_LABELS } from "@/lib/auth/roles";
import { OneTimePassword } from "./one-time-password";
import type { UsersActionState, UsersFormAction } from "./user-row-actions";

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

export function AddUserForm({ action }: { action: UsersFormAction }) {
  const [state, formAction, pending] = useActionState<UsersActionState, FormData>(action, null);
  const formRef = useRef<HTMLFormElement>(null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;

  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);

  return (
    <form ref={formRef} action={formAction} className="stack" aria-labelledby="add-user-title" noValidate>
      <h2 id="add-user-title">Add a user</h2>
      <FormError message={state && !state.ok ? state.error : null} />
      {state?.ok ? (
        <>
          <Notice tone="success">{state.data.message}</Notice>
          {state.data.password ? <OneTimePassword password={state.data.password} /> : null}
        </>
      ) : null}
      <TextField label="Email" name="email" type="email" autoComplete="off" required error={fieldErrors?.email} />
      <TextField label="Name" name="name" autoComplete="off" required error={fieldErrors?.name} />
      <SelectField label="Role" name="role" defaultValue="reporter" options={ROLE_OPTIONS} error={fieldErrors?.role} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters. Leave empty to generate one, shown to you once."
        error={fieldErrors?.password}
      />
      <div>
        <Button type="submit" variant="primary" pending={pending} pendingLabel="Adding…">
          Add user
        </Button>
      </div>
    </form>
  );
}
