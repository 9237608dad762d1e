"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";

const INCORRECT = "Email or password is incorrect.";

// next-auth reports a null from authorize as "CredentialsSignin"; our own refusals arrive verbatim.
function messageFor(error: string): string {
  if (error === "CredentialsSignin" || error === "Configuration" || error === "Default") return INCORRECT;
  return error;
}

/** Only same-site paths: a crafted ?callbackUrl= must not send someone elsewhere after login. */
function safeDestination(callbackUrl: string | undefined): string {
  if (!callbackUrl) return "/desk";
  try {
    const url = new URL(callbackUrl, window.location.origin);
    if (url.origin !== window.location.origin) return "/desk";
    return `${url.pathname}${url.search}${url.hash}` || "/desk";
  } catch {
    return "/desk";
  }
}

export function LoginForm({ callbackUrl, initialError }: { callbackUrl?: string; initialError?: string }) {
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const missing = {
      email: email ? undefined : "Enter your email address.",
      password: password ? undefined : "Enter your password.",
    };
    setFieldErrors(missing);
    if (missing.email || missing.password) {
      setError(null);
      return;
    }
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", { email, password, redirect: false });
      if (result?.ok && !result.error) {
        window.location.assign(safeDestination(callbackUrl));
        return;
      }
      setError(messageFor(result?.error ?? "CredentialsSignin"));
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    }
    setPending(false);
  }

  return (
    // method/action only matter if someone submits before the script runs: the password then goes in a
    // POST body (never the URL) and next-auth, missing its CSRF token, sends them back to /login.
    <form className="stack" method="post" action="/api/auth/callback/credentials" onSubmit={submit} noValidate aria-describedby="login-error">
      <FormError id="login-error" message={error} />
      <TextField label="Email" name="email" type="email" autoComplete="username" required error={fieldErrors.email} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required error={fieldErrors.password} />
      <div>
        <Button type="submit" variant="primary" pending={pending} pendingLabel="Logging in…">
          Log in
        </Button>
      </div>
    </form>
  );
}
