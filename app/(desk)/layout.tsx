import type { Metadata } from "next";
import { DeskHeader } from "@/components/desk/layout/desk-header";
import { getSessionUser } from "@/lib/auth/session";
import { unreadInboxCount } from "@/lib/workflow/inbox";
import "./desk.css";

export const metadata: Metadata = {
  title: { default: "Copydesk", template: "%s · Copydesk" },
  robots: { index: false, follow: false },
};

// Root layout of the editors' desk and the login page. Who is signed in decides the header only;
// every page, action and route handler checks the session itself.
export default async function DeskRootLayout({ children }: { children: React.ReactNode }) {
  const user = await getSessionUser();
  const inboxCount = user ? await unreadInboxCount(user.id) : 0;
  return (
    <html lang="en">
      <body className="desk">
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <DeskHeader user={user ? { name: user.name, email: user.email, role: user.role } : null} inboxCount={inboxCount} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
