import Link from "next/link";
import { LogoutButton } from "@/components/desk/auth/logout-button";
import { ROLE_LABELS, roleAtLeast, type RoleName } from "@/lib/auth/roles";
import { LiveInboxCount } from "./live-inbox-count";
import { NavLink } from "./nav-link";

export interface DeskHeaderUser {
  name: string;
  email: string;
  role: RoleName;
}

/** The desk's header: where to go, who is signed in, and the way out. */
export function DeskHeader({ user, inboxCount = 0 }: { user: DeskHeaderUser | null; inboxCount?: number }) {
  return (
    <header className="desk-header">
      <Link href="/desk" className="desk-brand">
        Copydesk
      </Link>
      {user ? (
        <>
          <nav aria-label="Desk">
            <ul>
              <li>
                <NavLink href="/desk" matchPrefixes={["/desk/articles"]}>
                  Articles
                </NavLink>
              </li>
              <li>
                <NavLink href="/desk/budget">Budget</NavLink>
              </li>
              <li>
                <NavLink href="/desk/inbox">
                  Inbox{" "}
                  <LiveInboxCount initial={inboxCount} />
                </NavLink>
              </li>
              <li>
                <NavLink href="/desk/media">Media</NavLink>
              </li>
              <li>
                <NavLink href="/desk/credits">Credits</NavLink>
              </li>
              <li>
                <NavLink href="/desk/dictionary">Dictionary</NavLink>
              </li>
              <li>
                <NavLink href="/corrections">Corrections</NavLink>
              </li>
              {roleAtLeast(user.role, "admin") ? (
                <>
                  <li>
                    <NavLink href="/desk/users">Users</NavLink>
                  </li>
                  <li>
                    <NavLink href="/desk/audit">Audit log</NavLink>
                  </li>
                </>
              ) : null}
            </ul>
          </nav>
          <div className="desk-user">
            <span>
              Signed in as <strong>{user.name}</strong> <span className="desk-user-meta">({ROLE_LABELS[user.role]}, {user.email})</span>
            </span>
            <LogoutButton />
          </div>
        </>
      ) : null}
    </header>
  );
}
