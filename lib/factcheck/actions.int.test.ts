import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestArticle, createTestUser, uniqueName } from "@/lib/articles/test-support/fixtures";
import { SESSION_COOKIE, sessionCookieFor } from "@/lib/auth/test-support/session-cookie";
import { db, disconnectDatabase } from "@/lib/db";
import type { CaptionDoc, RichTextDoc } from "@/lib/editor";
import { asksForWholeText, DraftPacker } from "@/lib/factcheck/draft-packing";

// The fact-check and dictionary server actions called the way Next calls them: the "request" is a
// cookie jar holding a next-auth session cookie, which requireUser reads as in production.
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => [...jar].map(([name, value]) => ({ name, value })) }),
  headers: async () => new Headers(),
}));
const revalidated = vi.hoisted(() => [] as string[]);
vi.mock("next/cache", () => ({ revalidatePath: (path: string) => revalidated.push(path), revalidateTag: () => {} }));

const { checkArticleAction, ignoreFindingAction, unignoreFindingAction, addToDictionaryAction } = await import(
  "@/app/(desk)/desk/articles/[id]/factcheck-actions"
);
const { createDictionaryEntryAction, updateDictionaryEntryAction, deleteDictionaryEntryAction } = await import(
  "@/app/(desk)/desk/dictionary/actions"
);

const SECRET = "factcheck-actions-test-secret-0123456789";
type TestUser = Awaited<ReturnType<typeof createTestUser>>;
let reporter: TestUser;
let editor: TestUser;
let article: Awaited<ReturnType<typeof createTestArticle>>;

beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = SECRET;
  reporter = await createTestUser("reporter");
  editor = await createTestUser("editor");
  article = await createTestArticle({
    headline: `Library reopens ${uniqueName()}`,
    paragraphs: ["The the library reopened on Tuesday after repairs.", "Opening hours are longer."],
  });
});
beforeEach(() => {
  jar.clear();
  revalidated.length = 0;
});
afterAll(() => disconnectDatabase());

async function signInAs(user: { id: string }) {
  jar.set(SESSION_COOKIE, await sessionCookieFor(user.id, SECRET));
}

const draft = () => ({ headline: article.headline, standfirst: article.standfirst, body: article.body as unknown as RichTextDoc, photos: [] });

describe("fact-check actions", () => {
  it("refuse a signed-out caller before reading anything", async () => {
    expect(await checkArticleAction({ articleId: article.id, ...draft() })).toMatchObject({ ok: false, status: 401 });
    expect(await ignoreFindingAction({ articleId: article.id, fingerprint: "0123abcd0123abcd" })).toMatchObject({ ok: false, status: 401 });
    expect(await addToDictionaryAction({ canonical: "Kyiv", variant: "Kiev" })).toMatchObject({ ok: false, status: 401 });
    expect(await db.factcheckIgnore.count({ where: { articleId: article.id } })).toBe(0);
  });

  it("let a reporter check the unsaved text, ignore a finding and take it back", async () => {
    await signInAs(reporter);
    const checked = await checkArticleAction({ articleId: article.id, ...draft() });
    if (!checked.ok) throw new Error(checked.error);
    const doubled = checked.data.findings.find((finding) => finding.rule === "doubled-word");
    expect(doubled).toMatchObject({ text: "The the", suggestion: "The", where: "Body ¶1" });

    expect(await ignoreFindingAction({ articleId: article.id, fingerprint: doubled!.fingerprint })).toEqual({ ok: true, data: null });
    const again = await checkArticleAction({ articleId: article.id, ...draft() });
    expect(again.ok && again.data.findings.some((finding) => finding.rule === "doubled-word")).toBe(false);
    expect(await unignoreFindingAction({ articleId: article.id, fingerprint: doubled!.fingerprint })).toEqual({ ok: true, data: null });
    expect(await db.factcheckIgnore.count({ where: { articleId: article.id } })).toBe(0);
  });

  it("answer malformed input with 422 and field errors", async () => {
    await signInAs(reporter);
    const noDraft = await checkArticleAction({ articleId: article.id });
    expect(noDraft).toMatchObject({ ok: false, status: 422 });
    const badBody = await checkArticleAction({ articleId: article.id, ...draft(), body: { type: "doc", content: [{ type: "script" }] } });
    expect(badBody).toMatchObject({ ok: false, status: 422 });
    expect(Object.keys((badBody as { fieldErrors: Record<string, string[]> }).fieldErrors).some((key) => key.startsWith("body"))).toBe(true);
    expect(await addToDictionaryAction({ canonical: "Kyiv", variant: "Kyiv" })).toMatchObject({ ok: false, status: 422 });
  });
});

describe("a re-check by handles", () => {
  // Findings without the timing, which differs between any two checks.
  const findingsOf = (result: Awaited<ReturnType<typeof checkArticleAction>>) => {
    if (!result.ok) throw new Error(`${result.status} ${result.error}`);
    return { findings: result.data.findings, ignored: result.data.ignored, complete: result.data.complete };
  };

  it("sends unchanged blocks and captions by the handles the last answer gave, with the findings of the whole text", async () => {
    await signInAs(reporter);
    const withPhotos = await createTestArticle({
      headline: `Harbour ${uniqueName()}`,
      paragraphs: ["The the harbour opened on Monday.", "Boats came in at dawn.", "Nets were mended on the quay."],
      photos: [{ caption: "Boats at dawwn." }, { caption: "Nets on the quay." }],
    });
    const full = {
      headline: withPhotos.headline,
      standfirst: withPhotos.standfirst,
      body: withPhotos.body as unknown as RichTextDoc,
      photos: withPhotos.photos.map((photo) => ({ id: photo.id, caption: photo.caption as unknown as CaptionDoc, alt: photo.alt, creditId: photo.creditId })),
    };
    const packer = new DraftPacker();
    const first = packer.pack(full);
    expect(first.packed.body).toBeDefined();
    const answer = await checkArticleAction({ articleId: withPhotos.id, ...first.packed });
    if (!answer.ok) throw new Error(answer.error);
    packer.received(first.sent, answer.data.receipts);

    // One paragraph and one caption edited: only those are sent in full.
    const edited: typeof full = {
      ...full,
      body: { ...full.body, content: full.body.content.map((node, index) => (index === 1 ? { type: "paragraph", content: [{ type: "text", text: "Boats came in at dusk, the the crews said." }] } : node)) },
      photos: full.photos.map((photo, index) => (index === 1 ? { ...photo, caption: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Nets on the the quay." }] }] } } : photo)),
    };
    const second = packer.pack(edited);
    const parts = second.packed.bodyParts as unknown[];
    expect(parts.filter((part) => typeof part === "object" && part !== null && "ref" in part)).toHaveLength(full.body.content.length - 1);
    expect(JSON.stringify(second.packed).length).toBeLessThan(JSON.stringify(edited).length);
    const byHandles = await checkArticleAction({ articleId: withPhotos.id, ...second.packed });
    const whole = await checkArticleAction({ articleId: withPhotos.id, ...edited });
    expect(findingsOf(byHandles)).toEqual(findingsOf(whole));
    expect(findingsOf(byHandles).findings.filter((finding) => finding.rule === "doubled-word").map((finding) => finding.where)).toEqual(
      expect.arrayContaining(["Body ¶1", "Body ¶2", "Caption 2"]),
    );

    // Asked again unchanged (grammar pending, say): every block and the photo list by handle.
    if (!byHandles.ok) throw new Error(byHandles.error);
    packer.received(second.sent, byHandles.data.receipts);
    const third = packer.pack(edited);
    expect(third.packed.photos).toEqual({ ref: expect.any(String) });
    expect((third.packed.bodyParts as unknown[]).every((part) => typeof part === "object" && part !== null && "ref" in part)).toBe(true);
    const byListHandle = await checkArticleAction({ articleId: withPhotos.id, ...third.packed });
    expect(findingsOf(byListHandle)).toEqual(findingsOf(whole));
    // The photo list sent by its handle answers with its captions' handles: the next caption edit
    // sends that caption alone.
    if (!byListHandle.ok) throw new Error(byListHandle.error);
    expect(byListHandle.data.receipts).toEqual(byHandles.data.receipts);
    packer.received(third.sent, byListHandle.data.receipts);
    const recaptioned: typeof full = {
      ...edited,
      photos: edited.photos.map((photo, index) => (index === 0 ? { ...photo, caption: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Boats at dawn in Sligo." }] }] } } : photo)),
    };
    const fourth = packer.pack(recaptioned);
    expect((fourth.packed.photos as Array<{ caption: unknown }>).map((photo) => typeof photo.caption === "object" && photo.caption !== null && "ref" in photo.caption)).toEqual([false, true]);
    expect(findingsOf(await checkArticleAction({ articleId: withPhotos.id, ...fourth.packed }))).toEqual(
      findingsOf(await checkArticleAction({ articleId: withPhotos.id, ...recaptioned })),
    );
    expect(await checkArticleAction({ articleId: withPhotos.id, ...third.packed, photos: { ref: "f".repeat(32) } })).toMatchObject({ ok: false, status: 409 });
  });

  it("asks for the whole text for a handle it does not hold: forged, another user's, or another article's", async () => {
    await signInAs(reporter);
    const packer = new DraftPacker();
    const { sent, packed } = packer.pack(draft());
    const answer = await checkArticleAction({ articleId: article.id, ...packed });
    if (!answer.ok) throw new Error(answer.error);
    packer.received(sent, answer.data.receipts);
    const byHandles = packer.pack(draft()).packed;
    expect(await checkArticleAction({ articleId: article.id, ...byHandles })).toMatchObject({ ok: true });

    const forged = { ...byHandles, bodyParts: [{ ref: "0".repeat(32) }] };
    const refused = await checkArticleAction({ articleId: article.id, ...forged });
    expect(refused).toMatchObject({ ok: false, status: 409, conflict: { resend: true } });
    expect(asksForWholeText(refused)).toBe(true);

    const other = await createTestArticle({ headline: `Other ${uniqueName()}`, paragraphs: ["Something else entirely."] });
    expect(await checkArticleAction({ articleId: other.id, ...byHandles })).toMatchObject({ ok: false, status: 409 });
    await signInAs(editor);
    expect(await checkArticleAction({ articleId: article.id, ...byHandles })).toMatchObject({ ok: false, status: 409 });
    // Not a handle at all, or body and blocks both: malformed.
    expect(await checkArticleAction({ articleId: article.id, ...byHandles, bodyParts: [{ ref: "not-a-handle" }] })).toMatchObject({ ok: false, status: 422 });
    expect(await checkArticleAction({ articleId: article.id, ...byHandles, body: article.body })).toMatchObject({ ok: false, status: 422 });
  });
});

describe("dictionary actions", () => {
  it("let a reporter add a misspelling from a finding, but not edit or delete entries", async () => {
    await signInAs(reporter);
    const canonical = uniqueName();
    const added = await addToDictionaryAction({ canonical, variant: `${canonical}x` });
    expect(added).toMatchObject({ ok: true, data: { created: true, entry: { canonical, variants: [`${canonical}x`] } } });
    const id = added.ok ? added.data.entry.id : "";

    expect(await createDictionaryEntryAction({ canonical: uniqueName(), variants: [] })).toMatchObject({ ok: false, status: 403 });
    expect(await updateDictionaryEntryAction({ id, canonical, variants: [] })).toMatchObject({ ok: false, status: 403 });
    expect(await deleteDictionaryEntryAction({ id })).toMatchObject({ ok: false, status: 403 });
    expect(await db.dictionaryEntry.findUnique({ where: { id } })).toMatchObject({ variants: [`${canonical}x`] });
    expect(revalidated).toEqual([]);
  });

  it("let an editor add, change and delete entries, refreshing the dictionary page", async () => {
    await signInAs(editor);
    const canonical = uniqueName();
    const created = await createDictionaryEntryAction({ canonical, variants: [`${canonical}x`], category: "band" });
    if (!created.ok) throw new Error(created.error);
    const updated = await updateDictionaryEntryAction({ id: created.data.id, canonical, variants: [`${canonical}y`], category: "band", note: "" });
    expect(updated).toMatchObject({ ok: true, data: { variants: [`${canonical}y`] } });
    expect(await deleteDictionaryEntryAction({ id: created.data.id })).toEqual({ ok: true, data: null });
    expect(await db.dictionaryEntry.findUnique({ where: { id: created.data.id } })).toBeNull();
    expect(revalidated).toEqual(["/desk/dictionary", "/desk/dictionary", "/desk/dictionary"]);
  });
});
