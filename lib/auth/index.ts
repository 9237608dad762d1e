// The auth module's public face. The CLI imports ./users and ./password directly, to stay clear of
// session.ts, which needs Next's request context.
export { authOptions, getSessionUser, requireUser, requirePageUser, sessionUserFromToken } from "./session";
export { assertRole, type Actor } from "./access";
export { roleAtLeast, isRole, ROLES, ROLE_LABELS, type RoleName } from "./roles";
export { addUser, changeUserRole, listUsers, resetUserPassword, setUserDisabled, createUser, setPassword, newUserSchema } from "./users";
