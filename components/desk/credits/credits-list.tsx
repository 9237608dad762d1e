"use client";

import Link from "next/link";
import { useState } from "react";
import { StatusBadge } from "@/components/desk/publishing/status-badge";
import type { CreditListItem } from "@/lib/articles/credits";
import { CreditEditForm, type FindCreditAction, type UpdateCreditAction } from "./credit-edit-form";

/**
 * The credits table. The outcome of an edit is announced above the table, not in the row: a
 * merged credit's row disappears when the list reloads.
 */
export function CreditsList({
  credits,
  mayEdit,
  findByName,
  update,
}: {
  credits: CreditListItem[];
  mayEdit: boolean;
  findByName: FindCreditAction;
  update: UpdateCreditAction;
}) {
  const [notice, setNotice] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  return (
    <>
      <p role="status" className={notice ? `notice notice-${notice.tone === "error" ? "warning" : "success"}` : undefined}>
        {notice?.text}
      </p>
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
                    credit={{ id: credit.id, agency: credit.agency, photographer: credit.photographer, label: credit.label }}
                    findByName={findByName}
                    update={update}
                    onResult={setNotice}
                  />
                ) : (
                  credit.label
                )}
              </td>
              <td>{credit.photoCount.toLocaleString("en")}</td>
              <td>
                {credit.articleCount === 0 ? (
                  <span className="muted">No articles</span>
                ) : (
                  <>
                    <ul className="credit-articles">
                      {credit.articles.map((article) => (
                        <li key={article.id}>
                          <Link href={`/desk/articles/${article.id}`}>{article.headline}</Link> <StatusBadge status={article.status} />
                        </li>
                      ))}
                    </ul>
                    {credit.articleCount > credit.articles.length ? (
                      <Link href={`/desk?credit=${encodeURIComponent(credit.id)}`}>
                        All {credit.articleCount.toLocaleString("en")} articles<span className="visually-hidden"> with photos by {credit.label}</span>
                      </Link>
                    ) : null}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
