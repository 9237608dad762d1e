/** Shown instead of a page the signed-in user's role does not allow. */
export function AccessDenied({ what = "this page" }: { what?: string }) {
  return (
    <section aria-labelledby="access-denied-title">
      <h1 id="access-denied-title">Not available for your role</h1>
      <p>You do not have permission to open {what}. Ask an admin if you need access.</p>
    </section>
  );
}
