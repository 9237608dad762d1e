"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import {
  addUser,
  addUserSchema,
  changeRoleSchema,
  changeUserRole,
  resetPasswordSchema,
  resetUserPassword,
  setDisabledSchema,
  setUserDisabled,
} from "@/lib/auth/users";
import { parseInput, runAction, type ActionResult } from "@/lib/errors";

export type UsersActionState = ActionResult<{ message: string; password?: string | null }> | null;

function text(form: FormData, name: string) {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
}

// "true"/"false" from a hidden field; anything else is left for the schema to reject.
function flag(form: FormData, name: string) {
  const value = text(form, name);
  return value === "true" ? true : value === "false" ? false : value;
}

function revalidateUserPages() {
  revalidatePath("/desk/users");
  revalidatePath("/desk/audit");
}

// Admins add a desk user; with no password given, one is generated and shown to the admin once.
export async function addUserAction(_previous: UsersActionState, form: FormData): Promise<UsersActionState> {
  return runAction(async () => {
    const input = parseInput(addUserSchema, {
      email: text(form, "email"),
      name: text(form, "name"),
      role: text(form, "role"),
      password: text(form, "password"),
    });
    const actor = await requireUser("admin");
    const { user, password } = await addUser(actor, input);
    revalidateUserPages();
    return { message: `Added ${user.email} as ${user.role}.`, password };
  });
}

// Admins change another user's role (never their own, never removing the last admin).
export async function changeUserRoleAction(_previous: UsersActionState, form: FormData): Promise<UsersActionState> {
  return runAction(async () => {
    const input = parseInput(changeRoleSchema, { userId: text(form, "userId"), role: text(form, "role") });
    const actor = await requireUser("admin");
    const user = await changeUserRole(actor, input);
    revalidateUserPages();
    return { message: `${user.email} is now ${user.role}.` };
  });
}

// Admins disable or re-enable an account; a disabled user's sessions stop working at once.
export async function setUserDisabledAction(_previous: UsersActionState, form: FormData): Promise<UsersActionState> {
  return runAction(async () => {
    const input = parseInput(setDisabledSchema, { userId: text(form, "userId"), disabled: flag(form, "disabled") });
    const actor = await requireUser("admin");
    const user = await setUserDisabled(actor, input);
    revalidateUserPages();
    return { message: `${user.email} is ${user.disabled ? "disabled" : "enabled"}.` };
  });
}

// Admins give a user a new generated password, shown to the admin once; old sessions end.
export async function resetUserPasswordAction(_previous: UsersActionState, form: FormData): Promise<UsersActionState> {
  return runAction(async () => {
    const input = parseInput(resetPasswordSchema, { userId: text(form, "userId") });
    const actor = await requireUser("admin");
    const { user, password } = await resetUserPassword(actor, input);
    revalidateUserPages();
    return { message: `New password for ${user.email}.`, password };
  });
}
