"use server";

import { revalidatePath } from "next/cache";
import { formAction, formFlag, formText } from "@/lib/actions";
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

function revalidateUserPages() {
  revalidatePath("/desk/users");
  revalidatePath("/desk/audit");
}

// Admins add a desk user; with no password given, one is generated and shown to the admin once.
export const addUserAction = formAction(
  {
    role: "admin",
    input: addUserSchema,
    fields: (form) => ({
      email: formText(form, "email"),
      name: formText(form, "name"),
      role: formText(form, "role"),
      password: formText(form, "password"),
    }),
  },
  async (input, actor) => {
    const { user, password } = await addUser(input, actor);
    revalidateUserPages();
    return { message: `Added ${user.email} as ${user.role}.`, password };
  },
);

// Admins change another user's role (never their own, never removing the last admin).
export const changeUserRoleAction = formAction(
  { role: "admin", input: changeRoleSchema, fields: (form) => ({ userId: formText(form, "userId"), role: formText(form, "role") }) },
  async (input, actor) => {
    const user = await changeUserRole(input, actor);
    revalidateUserPages();
    return { message: `${user.email} is now ${user.role}.` };
  },
);

// Admins disable or re-enable an account; a disabled user's sessions stop working at once.
export const setUserDisabledAction = formAction(
  { role: "admin", input: setDisabledSchema, fields: (form) => ({ userId: formText(form, "userId"), disabled: formFlag(form, "disabled") }) },
  async (input, actor) => {
    const user = await setUserDisabled(input, actor);
    revalidateUserPages();
    return { message: `${user.email} is ${user.disabled ? "disabled" : "enabled"}.` };
  },
);

// Admins give a user a new generated password, shown to the admin once; old sessions end.
export const resetUserPasswordAction = formAction(
  { role: "admin", input: resetPasswordSchema, fields: (form) => ({ userId: formText(form, "userId") }) },
  async (input, actor) => {
    const { user, password } = await resetUserPassword(input, actor);
    revalidateUserPages();
    return { message: `New password for ${user.email}.`, password };
  },
);
