"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function LogoutButton() {
  const [pending, setPending] = useState(false);
  async function logOut() {
    setPending(true);
    // Navigate ourselves rather than trusting next-auth's absolute callback URL (it uses NEXTAUTH_URL's host),
    // and with a full page load, so the root layout and every client cache forget the user.
    await signOut({ redirect: false });
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign("/login");
  }
  return (
    <Button onClick={logOut} pending={pending} pendingLabel="Logging out…" variant="secondary">
      Log out
    </Button>
  );
}
