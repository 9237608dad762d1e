import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Role } from "@/lib/db/generated/client";
import { hashPassword } from "./password";
import { ROLES, type RoleName } from "./roles";

export { ROLES };
// The database enum and the app's role list must not drift apart.
const _rolesMatchSchema: [Role, RoleName] extends [RoleName, Role] ? true : never = true;
void _rolesMatchSchema;

export const passwordSchema = z
  .string()
  .min(12, "Use at least 12 characters.")
  .max(200, "Use at most 200 characters.");

export const newUserSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")),
  name: z.string().trim().min(1, "Enter a name.").max(120),
  role: z.enum(ROLES, { error: "Choose admin, editor or reporter." }),
  password: passwordSchema,
});
export type NewUser = z.input<typeof newUserSchema>;

export class DuplicateEmailError extends Error {
  constructor(email: string) {
    super(`A user with the email ${email} already exists.`);
    this.name = "DuplicateEmailError";
  }
}

export async function createUser(input: NewUser) {
  const user = newUserSchema.parse(input);
  const existing = await db.user.findUnique({ where: { email: user.email }, select: { id: true } });
  if (existing) throw new DuplicateEmailError(user.email);
  return db.user.create({
    data: { email: user.email, name: user.name, role: user.role, passwordHash: await hashPassword(user.password) },
    select: { id: true, email: true, name: true, role: true },
  });
}

export async function setPassword(email: string, password: string) {
  const parsedPassword = passwordSchema.parse(password);
  const normalised = email.trim().toLowerCase();
  const user = await db.user.findUnique({ where: { email: normalised }, select: { id: true } });
  if (!user) throw new Error(`No user has the email ${normalised}.`);
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(parsedPassword) } });
  return user;
}
