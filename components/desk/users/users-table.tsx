import { ROLE_LABELS, type RoleName } from "@/lib/auth/roles";
import { DisableForm, ResetPasswordForm, RoleForm, type UserRowActions } from "./user-row-actions";

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: RoleName;
  disabled: boolean;
  /** YYYY-MM-DD */
  created: string;
}

export function UsersTable({ users, currentUserId, actions }: { users: UserRow[]; currentUserId: string; actions: UserRowActions }) {
  return (
    <table className="data">
      <caption className="visually-hidden">Desk users</caption>
      <thead>
        <tr>
          <th scope="col">Email</th>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">Status</th>
          <th scope="col">Created</th>
          <th scope="col">Password</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => {
          const isSelf = user.id === currentUserId;
          return (
            <tr key={user.id} data-testid={`user-row-${user.email}`}>
              <th scope="row">
                {user.email}
                {isSelf ? <span className="muted"> (you)</span> : null}
              </th>
              <td>{user.name}</td>
              <td>
                <RoleForm userId={user.id} email={user.email} role={user.role} isSelf={isSelf} action={actions.changeRole} />
                <span className="visually-hidden">{ROLE_LABELS[user.role]}</span>
              </td>
              <td>
                {user.disabled ? <span className="badge badge-danger">Disabled</span> : <span className="badge">Active</span>}{" "}
                <DisableForm userId={user.id} email={user.email} disabled={user.disabled} isSelf={isSelf} action={actions.setDisabled} />
              </td>
              <td>
                <time dateTime={user.created}>{user.created}</time>
              </td>
              <td>
                <ResetPasswordForm userId={user.id} email={user.email} action={actions.resetPassword} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
