import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser, uniqueName } from "@/lib/articles/test-support/fixtures";
import { db, disconnectDatabase } from "@/lib/db";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { parsed } from "@/lib/actions/test-support";
import {
  addDictionaryVariant as addVariantParsed,
  addVariantSchema,
  createDictionaryEntry as createParsed,
  deleteDictionaryEntry as deleteParsed,
  dictionaryDeleteSchema,
  dictionaryEntrySchema,
  dictionaryUpdateSchema,
  listDictionary,
  updateDictionaryEntry as updateParsed,
} from "@/lib/factcheck/dictionary";

const createDictionaryEntry = parsed(dictionaryEntrySchema, createParsed);
const updateDictionaryEntry = parsed(dictionaryUpdateSchema, updateParsed);
const deleteDictionaryEntry = parsed(dictionaryDeleteSchema, deleteParsed);
const addDictionaryVariant = parsed(addVariantSchema, addVariantParsed);

let editor: Awaited<ReturnType<typeof createTestUser>>;
beforeAll(async () => {
  editor = await createTestUser("editor", "Dictionary Keeper");
});
afterAll(() => disconnectDatabase());

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as Error & { fieldErrors?: Record<string, string[]> };
  }
  throw new Error("expected a refusal");
}

const auditFor = (targetId: string) =>
  db.auditEvent.findMany({ where: { action: "dictionary.update", targetId }, orderBy: { at: "asc" }, select: { actorId: true, details: true } });

describe("house dictionary", () => {
  it("adds an entry with tidied spellings, lists and searches it (also by misspelling), audited", async () => {
    const canonical = `${uniqueName()} Arena`;
    const entry = await createDictionaryEntry(
      { canonical: `  ${canonical.replace(" ", "  ")} `, variants: [`${canonical}a`, ` ${canonical}s `], category: "place", note: " Opened 2019. " },
      editor,
    );
    expect(entry).toMatchObject({ canonical, variants: [`${canonical}a`, `${canonical}s`], category: "place", note: "Opened 2019." });

    expect((await listDictionary({ query: canonical.toLowerCase() })).entries.map((e) => e.id)).toEqual([entry.id]);
    expect((await listDictionary({ query: `${canonical}s` })).entries.map((e) => e.id)).toEqual([entry.id]);
    expect((await listDictionary({ query: "%" })).entries.map((e) => e.id)).not.toContain(entry.id);
    const all = await listDictionary();
    expect(all.total).toBeGreaterThanOrEqual(1);
    expect(all.entries.length).toBeLessThanOrEqual(100);
    expect(await auditFor(entry.id)).toEqual([
      { actorId: editor.id, details: { change: "create", canonical, variants: [`${canonical}a`, `${canonical}s`] } },
    ]);
  });

  it("refuses misspellings equal to the canonical spelling, listed twice, or claimed by another entry", async () => {
    const canonical = uniqueName();
    const same = await refusal(createDictionaryEntry({ canonical, variants: [canonical] }, editor));
    expect(same).toBeInstanceOf(ValidationError);
    expect(same.fieldErrors?.["variants.0"]?.[0]).toMatch(/canonical spelling itself/);
    const twice = await refusal(createDictionaryEntry({ canonical, variants: ["Abc", "Abc"] }, editor));
    expect(twice.fieldErrors?.["variants.1"]?.[0]).toMatch(/listed twice/);
    expect((await refusal(createDictionaryEntry({ canonical: " ", variants: [] }, editor))).fieldErrors?.canonical).toBeDefined();
    expect((await refusal(createDictionaryEntry({ canonical: "x".repeat(121), variants: [] }, editor))).fieldErrors?.canonical).toBeDefined();

    await createDictionaryEntry({ canonical, variants: [`${canonical}x`] }, editor);
    const duplicate = await refusal(createDictionaryEntry({ canonical, variants: [] }, editor));
    expect(duplicate.fieldErrors?.canonical?.[0]).toMatch(/already in the dictionary/);
    const claimed = await refusal(createDictionaryEntry({ canonical: `${canonical}y`, variants: [`${canonical}x`] }, editor));
    expect(claimed.fieldErrors?.["variants.0"]?.[0]).toContain(`misspelling of “${canonical}”`);
    const canonicalIsVariant = await refusal(createDictionaryEntry({ canonical: `${canonical}x`, variants: [] }, editor));
    expect(canonicalIsVariant.fieldErrors?.canonical?.[0]).toMatch(/as a misspelling of/);
  });

  it("edits an entry, refusing an edit made on a stale copy, and deletes it", async () => {
    const canonical = uniqueName();
    const entry = await createDictionaryEntry({ canonical, variants: [] }, editor);
    const updated = await updateDictionaryEntry(
      { id: entry.id, canonical: `${canonical} Hall`, variants: [`${canonical} Hal`], category: "place", note: "", expectedCanonical: canonical },
      editor,
    );
    expect(updated).toMatchObject({ canonical: `${canonical} Hall`, variants: [`${canonical} Hal`], category: "place" });
    const stale = await refusal(
      updateDictionaryEntry({ id: entry.id, canonical, variants: [], category: "name", note: "", expectedCanonical: canonical }, editor),
    );
    expect(stale).toBeInstanceOf(ConflictError);

    await deleteDictionaryEntry({ id: entry.id }, editor);
    expect(await db.dictionaryEntry.findUnique({ where: { id: entry.id } })).toBeNull();
    expect(await refusal(deleteDictionaryEntry({ id: entry.id }, editor))).toBeInstanceOf(NotFoundError);
    expect((await auditFor(entry.id)).map((event) => (event.details as { change: string }).change)).toEqual(["create", "update", "delete"]);
  });

  it("“Add to dictionary” starts an entry or extends the existing one, once", async () => {
    const canonical = uniqueName();
    const first = await addDictionaryVariant({ canonical, variant: `${canonical}n` }, editor);
    expect(first).toMatchObject({ created: true, changed: true, entry: { canonical, variants: [`${canonical}n`], category: "name" } });
    const second = await addDictionaryVariant({ canonical: ` ${canonical}`, variant: `${canonical}m` }, editor);
    expect(second).toMatchObject({ created: false, changed: true, entry: { id: first.entry.id, variants: [`${canonical}n`, `${canonical}m`] } });
    const again = await addDictionaryVariant({ canonical, variant: `${canonical}m` }, editor);
    expect(again).toMatchObject({ changed: false, entry: { variants: [`${canonical}n`, `${canonical}m`] } });
    expect(await db.dictionaryEntry.count({ where: { canonical } })).toBe(1);

    const backwards = await refusal(addDictionaryVariant({ canonical: `${canonical}n`, variant: canonical }, editor));
    expect(backwards.fieldErrors?.canonical?.[0]).toMatch(/as a misspelling of/);
    const self = await refusal(addDictionaryVariant({ canonical, variant: canonical }, editor));
    expect(self.fieldErrors?.variant).toBeDefined();
  });
});
