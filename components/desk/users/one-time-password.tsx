/** A generated password, shown once to the admin who created it. */
export function OneTimePassword({ password, email }: { password: string; email?: string }) {
  return (
    <div className="notice notice-warning" role="status">
      <p>
        Password{email ? ` for ${email}` : ""} (shown only now, pass it on securely): <code className="secret" data-testid="one-time-password">{password}</code>
      </p>
    </div>
  );
}
