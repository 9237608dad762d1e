import type { Metadata } from "next";
import Link from "next/link";
import { CreditsList } from "@/components/desk/credits/credits-list";
import { Button, FormError, KeysetPagination } from "@/components/ui";
import { creditListQuerySchema, listCredits } from "@/lib/articles";
import { requirePageUser, roleAtLeast } from "@/lib/auth/session";
import { findCreditByNameAction, updateCreditAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Photo credits" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function creditsHref(query: string | null, position: Record<string, string> = {}) {
  const params = new URLSearchParams({ ...(query ? { q: query } : {}), ...position });
  const search = params.toString();
  return search ? `/desk/credits?${search}` : "/desk/credits";
}

// GET /desk/credits — desk users find photo credits and where they are used (?credit=<id>: one of them); editors fix their spelling
export default async function CreditsPage({ searchParams }: Props) {
  const { user } = await requirePageUser("reporter", "/desk/credits");
  const params = await searchParams;
  const rawQuery = (Array.isArray(params.q) ? params.q[0] : params.q) ?? "";
  const parsed = creditListQuerySchema.safeParse(params);
  const mayEdit = roleAtLeast(user.role, "editor");
  const searchForm = (
    <form method="get" className="inline-form" role="search">
      <div className="field">
        <label htmlFor="credit-search">Search agency or photographer</label>
        <input id="credit-search" type="search" name="q" defaultValue={rawQuery} />
      </div>
      <Button type="submit">Search</Button>
      {rawQuery || params.credit ? <Link href="/desk/credits">Show all</Link> : null}
    </form>
  );
  const intro = (
    <p className="muted">
      A credit is shared by every photo that uses it: fixing a name here fixes it on all of them, including published articles.
      {mayEdit ? " Renaming a credit to one that already exists merges the two." : " Only editors can change credits."}
    </p>
  );
  if (!parsed.success) {
    return (
      <div className="credits-page">
        <h1>Photo credits</h1>
        {intro}
        {searchForm}
        <FormError message={parsed.error.issues.map((issue) => issue.message).join(" ")} />
      </div>
    );
  }

  // One page of credits; whether a rename would merge is asked of the server when it is made.
  const page = await listCredits(parsed.data);
  const query = page.query;
  return (
    <div className="credits-page">
      <h1>Photo credits</h1>
      {intro}
      {searchForm}
      <p role="status">
        {page.creditId
          ? page.total === 0
            ? "This credit no longer exists (it may have been merged into another). Search for it by name."
            : "The credit the fact-check pointed to."
          : page.total === 0
          ? query
            ? `No credit matches “${query}”.`
            : "No credits yet."
          : `${page.total.toLocaleString("en")} ${page.total === 1 ? "credit" : "credits"}${query ? ` matching “${query}”` : ""}.`}
      </p>
      {page.credits.length > 0 ? <CreditsList credits={page.credits} mayEdit={mayEdit} findByName={findCreditByNameAction} update={updateCreditAction} /> : null}
      <KeysetPagination
        previousHref={page.previous ? creditsHref(query, { before: page.previous }) : null}
        nextHref={page.next ? creditsHref(query, { after: page.next }) : null}
        firstHref={creditsHref(query)}
        label="Credit pages"
      />
    </div>
  );
}
