import type { Metadata } from "next";
import Link from "next/link";
import { DictionaryList } from "@/components/desk/factcheck/dictionary-list";
import { Button } from "@/components/ui";
import { requirePageUser, roleAtLeast } from "@/lib/auth/session";
import { listDictionary } from "@/lib/factcheck/dictionary";
import { createDictionaryEntryAction, deleteDictionaryEntryAction, updateDictionaryEntryAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "House dictionary" };

type Props = { searchParams: Promise<{ q?: string | string[] }> };

// GET /desk/dictionary — desk users look up the house spellings; editors and admins add, edit and delete entries
export default async function DictionaryPage({ searchParams }: Props) {
  const { user } = await requirePageUser("reporter", "/desk/dictionary");
  const raw = (await searchParams).q;
  const query = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 120) ?? "";
  const entries = await listDictionary({ query });
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
        {entries.length === 0
          ? query
            ? `No entry matches “${query}”.`
            : "The dictionary is empty."
          : `${entries.length} ${entries.length === 1 ? "entry" : "entries"}${query ? ` matching “${query}”` : ""}.`}
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
    </div>
  );
}
