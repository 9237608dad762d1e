import type { Metadata } from "next";
import Link from "next/link";
import { DictionaryList } from "@/components/desk/factcheck/dictionary-list";
import { Button, KeysetPagination } from "@/components/ui";
import { ValidationError } from "@/lib/errors";
import { requirePageUser, roleAtLeast } from "@/lib/auth/session";
import { listDictionary } from "@/lib/factcheck/dictionary";
import { createDictionaryEntryAction, deleteDictionaryEntryAction, updateDictionaryEntryAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "House dictionary" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || null;

function dictionaryHref(query: string, position: Record<string, string> = {}) {
  const search = new URLSearchParams({ ...(query ? { q: query } : {}), ...position }).toString();
  return search ? `/desk/dictionary?${search}` : "/desk/dictionary";
}

// GET /desk/dictionary — desk users look up the house spellings; editors and admins add, edit and delete entries
export default async function DictionaryPage({ searchParams }: Props) {
  const { user } = await requirePageUser("reporter", "/desk/dictionary");
  const params = await searchParams;
  const query = first(params.q)?.trim().slice(0, 120) ?? "";
  const page = await listDictionary({ query, after: first(params.after), before: first(params.before) }).catch((error: unknown) => {
    // A broken page link (an edited URL) starts again from the first page.
    if (error instanceof ValidationError) return listDictionary({ query });
    throw error;
  });
  const entries = page.entries;
  const mayEdit = roleAtLeast(user.role, "editor");

  return (
    <div className="dictionary-page">
      <h1>House dictionary</h1>
      <p className="muted">
        How the house spells names, places and bands, with the misspellings seen so far. The fact-check flags a listed misspelling
        wherever it appears and suggests the house spelling; near-misses of a house spelling are flagged too.{" "}
        {mayEdit
          ? "Anyone at the desk can add a misspelling from a finding in the article editor (“Add to dictionary”)."
          : "You can add a misspelling from a finding in the article editor (“Add to dictionary”); only editors change or delete entries here."}
      </p>
      <form method="get" className="inline-form" role="search">
        <div className="field">
          <label htmlFor="dictionary-search">Search spellings and misspellings</label>
          <input id="dictionary-search" type="search" name="q" defaultValue={query} />
        </div>
        <Button type="submit">Search</Button>
        {query ? <Link href="/desk/dictionary">Show all</Link> : null}
      </form>
      <p role="status">
        {page.total === 0
          ? query
            ? `No entry matches “${query}”.`
            : "The dictionary is empty."
          : `${page.total.toLocaleString("en")} ${page.total === 1 ? "entry" : "entries"}${query ? ` matching “${query}”` : ""}.`}
      </p>
      <DictionaryList
        entries={entries}
        mayEdit={mayEdit}
        actions={
          mayEdit
            ? { create: createDictionaryEntryAction, update: updateDictionaryEntryAction, remove: deleteDictionaryEntryAction }
            : null
        }
      />
      <KeysetPagination
        previousHref={page.previous ? dictionaryHref(query, { before: page.previous }) : null}
        nextHref={page.next ? dictionaryHref(query, { after: page.next }) : null}
        firstHref={dictionaryHref(query)}
        label="Dictionary pages"
      />
    </div>
  );
}
