import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import type { Prisma, Role } from "@/lib/db/generated/client";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { generatePassword, hashPassword } from "./password";
import { ROLES, type RoleName } from "./roles";
import { assertRole, type Actor } from "./access";

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
  name: z.string().trim().min(1, "Enter a name.").max(120, "Use at most 120 characters."),
  role: z.enum(ROLES, { error: "Choose admin, editor or reporter." }),
  password: passwordSchema,
});
export type NewUser = z.input<typeof newUserSchema>;

/** What the desk's "add user" form sends: like newUserSchema, but an empty password means "generate one". */
export const addUserSchema = newUserSchema.extend({
  password: z.union([z.literal(""), passwordSchema]).optional(),
});

const userIdSchema = z.string({ error: "Choose a user." }).trim().min(1, "Choose a user.").max(64);

export const changeRoleSchema = z.object({
  userId: userIdSchema,
  role: z.enum(ROLES, { error: "Choose admin, editor or reporter." }),
});
export const setDisabledSchema = z.object({
  userId: userIdSchema,
  disabled: z.boolean({ error: "Say whether the account is disabled." }),
});
export const resetPasswordSchema = z.object({ userId: userIdSchema });
export type AddUser = z.output<typeof addUserSchema>;
export type ChangeRole = z.output<typeof changeRoleSchema>;
export type SetDisabled = z.output<typeof setDisabledSchema>;
export type ResetPassword = z.output<typeof resetPasswordSchema>;

export class DuplicateEmailError extends Error {
  constructor(email: string) {
    super(`A user with the email ${email} already exists.`);
    this.name = "DuplicateEmailError";
  }
}

const USER_SUMMARY = { id: true, email: true, name: true, role: true } as const;

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "P2002";
}

async function insertUser(input: z.output<typeof newUserSchema>, actorId: string | null, via: "cli" | "desk") {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
      if (existing) throw new DuplicateEmailError(input.email);
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash },
        select: USER_SUMMARY,
      });
      await recordAudit(tx, {
        actorId,
        action: "user.create",
        targetType: "user",
        targetId: user.id,
        details: { email: user.email, name: user.name, role: user.role, via },
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateEmailError(input.email);
    throw error;
  }
}

/** Creates a user without an actor (the CLI and the first-admin bootstrap). */
export async function createUser(input: NewUser) {
  return insertUser(newUserSchema.parse(input), null, "cli");
}

/** Sets a user's password by email (the CLI). */
export async function setPassword(email: string, password: string) {
  const parsedPassword = passwordSchema.parse(password);
  const normalised = email.trim().toLowerCase();
  const user = await db.user.findUnique({ where: { email: normalised }, select: { id: true } });
  if (!user) throw new Error(`No user has the email ${normalised}.`);
  const passwordHash = await hashPassword(parsedPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await recordAudit(tx, { actorId: null, action: "user.reset_password", targetType: "user", targetId: user.id, details: { via: "cli" } });
  });
  return user;
}

// ---- Managing users from the desk (admins only: the desk's actions declare the role; these take
// parsed input and the acting admin). ----

export interface UserListItem {
  id: string;
  email: string;
  name: string;
  role: RoleName;
  disabled: boolean;
  createdAt: Date;
}

export async function listUsers(actor: Actor): Promise<UserListItem[]> {
  assertRole(actor, "admin");
  return db.user.findMany({
    orderBy: [{ disabled: "asc" }, { email: "asc" }],
    select: { id: true, email: true, name: true, role: true, disabled: true, createdAt: true },
  });
}

/** Adds a user. With an empty password one is generated and returned, to be shown once. */
export async function addUser(parsed: AddUser, actor: Actor) {
  const generatedPassword = parsed.password ? null : generatePassword();
  try {
    const user = await insertUser({ ...parsed, password: parsed.password || generatedPassword! }, actor.id, "desk");
    return { user, password: generatedPassword };
  } catch (error) {
    if (error instanceof DuplicateEmailError) throw ValidationError.forField("email", "A user with this email already exists.");
    throw error;
  }
}

type Tx = Prisma.TransactionClient;

/**
 * Locks every active admin row for the rest of the transaction, so two admins demoting or
 * disabling each other at the same moment cannot both succeed and leave nobody in charge.
 */
async function lockActiveAdmins(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT "id" FROM "User" WHERE "role" = 'admin' AND "disabled" = false ORDER BY "id" FOR UPDATE`;
  return rows.map((row) => row.id);
}

async function findTarget(tx: Tx, userId: string) {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { ...USER_SUMMARY, disabled: true } });
  if (!user) throw new NotFoundError("That user does not exist.");
  return user;
}

const LAST_ADMIN = "This is the last active admin. Make someone else an admin first.";

export async function changeUserRole({ userId, role }: ChangeRole, actor: Actor) {
  if (userId === actor.id) throw new ForbiddenError("You cannot change your own role. Ask another admin.");
  return db.$transaction(async (tx) => {
    const activeAdmins = await lockActiveAdmins(tx);
    const target = await findTarget(tx, userId);
    if (target.role === role) return target;
    const removesActiveAdmin = target.role === "admin" && !target.disabled;
    if (removesActiveAdmin && activeAdmins.filter((id) => id !== target.id).length === 0) {
      throw ValidationError.forField("role", LAST_ADMIN);
    }
    const updated = await tx.user.update({ where: { id: userId }, data: { role }, select: { ...USER_SUMMARY, disabled: true } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.update",
      targetType: "user",
      targetId: userId,
      details: { email: target.email, change: "role", from: target.role, to: role },
    });
    return updated;
  });
}

export async function setUserDisabled({ userId, disabled }: SetDisabled, actor: Actor) {
  if (disabled && userId === actor.id) throw new ForbiddenError("You cannot disable your own account.");
  return db.$transaction(async (tx) => {
    const activeAdmins = await lockActiveAdmins(tx);
    const target = await findTarget(tx, userId);
    if (target.disabled === disabled) return target;
    if (disabled && target.role === "admin" && activeAdmins.filter((id) => id !== target.id).length === 0) {
      throw new ValidationError(LAST_ADMIN);
    }
    const updated = await tx.user.update({ where: { id: userId }, data: { disabled }, select: { ...USER_SUMMARY, disabled: true } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.update",
      targetType: "user",
      targetId: userId,
      details: { email: target.email, change: disabled ? "disable" : "enable" },
    });
    return updated;
  });
}

/** Gives a user a new generated password (returned once) and ends their existing sessions. */
export async function resetUserPassword({ userId }: ResetPassword, actor: Actor) {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const target = await findTarget(tx, userId);
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.reset_password",
      targetType: "user",
      targetId: userId,
      details: { email: target.email, via: "desk" },
    });
    return { user: { id: target.id, email: target.email, name: target.name }, password };
  });
}
