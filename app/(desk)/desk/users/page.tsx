import type { Metadata } from "next";
import { AddUserForm } from "@/components/desk/users/add-user-form";
import { UsersTable } from "@/components/desk/users/users-table";
import { AccessDenied } from "@/components/ui/access-denied";
import { requirePageUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/auth/users";
import { addUserAction, changeUserRoleAction, resetUserPasswordAction, setUserDisabledAction } from "./actions";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const { user, allowed } = await requirePageUser("admin", "/desk/users");
  if (!allowed) return <AccessDenied what="user management" />;
  const users = await listUsers(user);
  return (
    <>
      <h1>Users</h1>
      <UsersTable
        currentUserId={user.id}
        actions={{ changeRole: changeUserRoleAction, setDisabled: setUserDisabledAction, resetPassword: resetUserPasswordAction }}
        users={users.map((u) => ({
          id: u.id,
          email: u.email,
          name: u.name,
          role: u.role,
          disabled: u.disabled,
          created: u.createdAt.toISOString().slice(0, 10),
        }))}
      />
      <div className="panel" style={{ marginTop: "2rem" }}>
        <AddUserForm action={addUserAction} />
      </div>
    </>
  );
}
