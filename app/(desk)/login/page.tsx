import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/desk/auth/login-form";
import { getSessionUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Log in" };

// next-auth sends errors here (pages.error) as ?error=<code>; only our own messages are shown as they are.
const ERROR_MESSAGES: Record<string, string> = {
  CredentialsSignin: "Email or password is incorrect.",
  SessionRequired: "Log in to continue.",
};

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = firstValue(params.callbackUrl);
  if (await getSessionUser()) redirect("/desk");
  const errorCode = firstValue(params.error);
  const initialError = errorCode ? (ERROR_MESSAGES[errorCode] ?? "Logging in did not work. Try again.") : undefined;
  return (
    <section className="login panel" aria-labelledby="login-title">
      <h1 id="login-title">Log in to Copydesk</h1>
      <LoginForm callbackUrl={callbackUrl} initialError={initialError} />
    </section>
  );
}
