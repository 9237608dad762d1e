import type { Metadata } from "next";
import Link from "next/link";
import { CreditsList } from "@/components/desk/credits/credits-list";
import { Button } from "@/components/ui";
import { listCreditOptions, listCredits } from "@/lib/articles";
import { requirePageUser, roleAtLeast } from "@/lib/auth/session";
import { updateCreditAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Photo credits" };

type Props = { searchParams: Promise<{ q?: string | string[] }> };

// GET /desk/credits — desk users find photo credits and where they are used; editors fix their spelling
export default async function CreditsPage({ searchParams }: Props) {
  const { user } = await requirePageUser("reporter", "/desk/credits");
  const raw = (await searchParams).q;
  const query = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 120) ?? "";
  const [credits, allCredits] = await Promise.all([listCredits({ query }), listCreditOptions()]);
  const mayEdit = roleAtLeast(user.role, "editor");
  const labels = Object.fromEntries(allCredits.map((credit) => [credit.label, credit.id]));

  return (
    <div className="credits-page">
      <h1>Photo credits</h1>
      <p className="muted">
        A credit is shared by every photo that uses it: fixing a name here fixes it on all of them, including published articles.
        {mayEdit ? " Renaming a credit to one that already exists merges the two." : " Only editors can change credits."}
      </p>
      <form method="get" className="inline-form" role="search">
        <div className="field">
          <label htmlFor="credit-search">Search agency or photographer</label>
          <input id="credit-search" type="search" name="q" defaultValue={query} />
        </div>
        <Button type="submit">Search</Button>
        {query ? <Link href="/desk/credits">Show all</Link> : null}
      </form>
      <p role="status">
        {credits.length === 0
          ? query
            ? `No credit matches “${query}”.`
            : "No credits yet."
          : `${credits.length} ${credits.length === 1 ? "credit" : "credits"}${query ? ` matching “${query}”` : ""}.`}
      </p>
      {credits.length > 0 ? <CreditsList credits={credits} mayEdit={mayEdit} otherCredits={labels} update={updateCreditAction} /> : null}
    </div>
  );
}
