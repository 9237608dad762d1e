import { withAuth } from "next-auth/middleware";

// Only a convenience: signed-out visitors to the desk go to /login. Every page, server action and
// route handler still checks the session and role itself (lib/auth/session.ts).
export default withAuth({ pages: { signIn: "/login" } });

export const config = { matcher: ["/desk/:path*"] };
