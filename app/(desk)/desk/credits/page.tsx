import type { Metadata } from "next";
import Link from "next/link";
import { CreditEditForm } from "@/components/desk/credits/credit-edit-form";
import { StatusBadge } from "@/components/desk/publishing/status-badge";
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
      {credits.length > 0 ? (
        <table className="data credits">
          <thead>
            <tr>
              <th scope="col">Credit</th>
              <th scope="col">Photos</th>
              <th scope="col">Used in</th>
            </tr>
          </thead>
          <tbody>
            {credits.map((credit) => (
              <tr key={credit.id} data-credit-id={credit.id}>
                <td>
                  {mayEdit ? (
                    <CreditEditForm
                      key={credit.label}
                      credit={{ id: credit.id, agency: credit.agency, photographer: credit.photographer, label: credit.label }}
                      otherCredits={labels}
                      update={updateCreditAction}
                    />
                  ) : (
                    credit.label
                  )}
                </td>
                <td>{credit.photoCount}</td>
                <td>
                  {credit.articles.length === 0 ? (
                    <span className="muted">No articles</span>
                  ) : (
                    <ul className="credit-articles">
                      {credit.articles.map((article) => (
                        <li key={article.id}>
                          <Link href={`/desk/articles/${article.id}`}>{article.headline}</Link> <StatusBadge status={article.status} />
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
