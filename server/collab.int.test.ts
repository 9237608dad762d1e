import http from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import type { AddressInfo } from "node:net";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { createTestArticle, createTestUser } from "@/lib/articles/test-support/fixtures";
import { passwordVersion } from "@/lib/auth/login";
import { setUserDisabled } from "@/lib/auth/users";
import { restoreRevision } from "@/lib/articles/revisions";
import { saveArticle } from "@/lib/articles/editing";
import { canonicalJson } from "@/lib/articles/snapshot";
import { BODY_FIELD, HEADLINE_FIELD, captionField, collabDocumentName, mediaMap, readContent } from "@/lib/collab/document";
import { createLocalStorage, ingestImage, setMediaStorage } from "@/lib/media";
import { savedMessageSchema } from "@/lib/collab/messages";
import { editingCounts } from "@/lib/collab/presence";
import { db } from "@/lib/db";
import { createComment } from "@/lib/comments";
import { closeFactcheckPool, factcheckPoolStats } from "@/lib/factcheck/pool";
import { createCollabServer, type CollabServer } from "./collab";

// The live co-editing server without a browser: real WebSockets, real Hocuspocus providers, real
// PostgreSQL. What is checked is what editors and readers of the draft would see.

process.env.NEXTAUTH_SECRET ??= "collab-test-secret-with-enough-length";

interface Instance {
  collab: CollabServer;
  server: http.Server;
  url: string;
  close(): Promise<void>;
}

async function startInstance(options: { redisUrl?: string; port?: number } = {}): Promise<Instance> {
  const collab = createCollabServer({ databaseUrl: process.env.DATABASE_URL, redisUrl: options.redisUrl, log: () => {} });
  const server = http.createServer((_request, response) => response.writeHead(404).end());
  server.on("upgrade", (request, socket, head) => {
    if (!collab.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    collab,
    server,
    url: `ws://127.0.0.1:${port}/collab`,
    async close() {
      await collab.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function sessionCookie(user: { id: string }) {
  const stored = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  const token = await encode({ token: { sub: user.id, pwv: passwordVersion(stored.passwordHash) }, secret: process.env.NEXTAUTH_SECRET! });
  return `next-auth.session-token=${token}`;
}

function socketWithCookie(cookie: string | null) {
  return class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, cookie ? { headers: { cookie } } : {});
      // Destroying a provider takes its handlers off, then closes: a socket still connecting (a
      // client reconnecting at the end of the tests) then reports its abort to no listener, an
      // uncaught error. The provider sees the socket's errors through its own handler meanwhile.
      this.on("error", () => {});
    }
  };
}

interface Client {
  provider: HocuspocusProvider;
  doc: Y.Doc;
  closed: Promise<number>;
  messages: Array<{ type: string }>;
  destroy(): void;
}

function connect(url: string, articleId: string, cookie: string | null, name = collabDocumentName(articleId)): Client {
  const doc = new Y.Doc();
  let closedWith!: (code: number) => void;
  const closed = new Promise<number>((resolve) => (closedWith = resolve));
  const websocketProvider = new HocuspocusProviderWebsocket({
    url,
    WebSocketPolyfill: socketWithCookie(cookie) as unknown as typeof WebSocket,
    delay: 100,
    minDelay: 100,
    maxDelay: 500,
  });
  websocketProvider.on("close", ({ event }: { event: { code: number } }) => closedWith(event.code));
  const messages: Array<{ type: string }> = [];
  const provider = new HocuspocusProvider({
    websocketProvider,
    name,
    document: doc,
    onStateless: ({ payload }) => messages.push(JSON.parse(payload)),
  });
  provider.attach(); // A provider given its own socket does not attach by itself.
  return {
    provider,
    doc,
    closed,
    messages,
    destroy() {
      provider.destroy();
      websocketProvider.destroy();
    },
  };
}

async function until(check: () => boolean | Promise<boolean>, what: string | (() => string), timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out waiting for ${typeof what === "string" ? what : what()}`);
}

const synced = (client: Client) => until(() => client.provider.isSynced, "the client to sync");

function paragraphText(doc: Y.Doc, field: string, index = 0): string {
  const paragraph = doc.getXmlFragment(field).get(index) as Y.XmlElement | undefined;
  const text = paragraph?.get(0);
  return text instanceof Y.XmlText ? text.toString().replace(/<[^>]+>/g, "") : "";
}

function textNode(doc: Y.Doc, field: string, index = 0): Y.XmlText {
  const paragraph = doc.getXmlFragment(field).get(index) as Y.XmlElement;
  let text = paragraph.get(0);
  if (!(text instanceof Y.XmlText)) {
    text = new Y.XmlText();
    paragraph.insert(0, [text]);
  }
  return text as Y.XmlText;
}

async function storedContent(articleId: string) {
  const article = await db.article.findUniqueOrThrow({
    where: { id: articleId },
    select: { headline: true, standfirst: true, body: true, version: true, photos: { orderBy: { position: "asc" }, select: { id: true, caption: true, alt: true, creditId: true } } },
  });
  return article;
}

const photoIdsOf = async (articleId: string) =>
  (await db.photo.findMany({ where: { articleId }, orderBy: { position: "asc" }, select: { id: true } })).map((photo) => photo.id);

describe("live co-editing server", () => {
  let instance: Instance;
  const open: Client[] = [];
  const client = (...args: Parameters<typeof connect>) => {
    const made = connect(...args);
    open.push(made);
    return made;
  };

  beforeAll(async () => {
    instance = await startInstance();
    // The server starts the fact-check workers at start (a store's archive analysis runs on one);
    // here they are started and warm before the first store, as they are on a running server.
    await factcheckPoolStats();
  });
  afterAll(async () => {
    open.forEach((made) => made.destroy());
    await instance.close();
    await closeFactcheckPool();
  });

  it("merges two editors typing in the same paragraph and stores the merged text as the draft", async () => {
    const article = await createTestArticle({ paragraphs: ["Fireworks over the stadium."] });
    const [alice, bob] = [await createTestUser("editor"), await createTestUser("reporter")];
    const a = client(instance.url, article.id, await sessionCookie(alice));
    const b = client(instance.url, article.id, await sessionCookie(bob));
    await Promise.all([synced(a), synced(b)]);
    expect(paragraphText(a.doc, BODY_FIELD)).toBe("Fireworks over the stadium.");

    // At the same moment, before either has seen the other's change.
    textNode(a.doc, BODY_FIELD).insert(0, "Bright ");
    textNode(b.doc, BODY_FIELD).insert("Fireworks over the stadium".length, " at midnight");

    const expected = "Bright Fireworks over the stadium at midnight.";
    await until(() => paragraphText(a.doc, BODY_FIELD) === expected && paragraphText(b.doc, BODY_FIELD) === expected, "both edits everywhere");
    await until(async () => JSON.stringify((await storedContent(article.id)).body).includes(expected), "the merged draft to be stored");
    // "saved" is broadcast after the store's transaction commits, so it can arrive just after the row is readable.
    await until(() => a.messages.some((message) => message.type === "saved"), "the editors to be told it was saved");
    // Told as the browser reads it, with what the desk shows of the version: readers have not seen it, and who saved it.
    const saved = savedMessageSchema.parse(a.messages.findLast((message) => message.type === "saved"));
    expect(saved.hasUnpublishedChanges).toBe(true);
    expect([alice.name, bob.name]).toContain(saved.savedBy);
    // Every keystroke's author is in the history; the draft moved on from the import.
    const revisions = await db.revision.findMany({ where: { articleId: article.id }, orderBy: { version: "asc" } });
    expect(revisions.length).toBeGreaterThan(1);
    expect(await editingCounts([article.id])).toEqual(new Map([[article.id, 2]]));
  });

  it("says which field it refused to store (an emptied headline), keeps the stored draft, and stores once it is fixed", async () => {
    const article = await createTestArticle({ headline: "A headline to empty" });
    const editor = await createTestUser("editor");
    const a = client(instance.url, article.id, await sessionCookie(editor));
    await synced(a);
    const headline = textNode(a.doc, HEADLINE_FIELD);
    headline.delete(0, headline.length);
    await until(() => a.messages.some((message) => message.type === "refused"), "the refusal");
    expect(a.messages.find((message) => message.type === "refused")).toMatchObject({ field: "headline", message: "Enter a headline." });
    expect((await storedContent(article.id)).headline).toBe("A headline to empty");

    headline.insert(0, "A better headline");
    await until(async () => (await storedContent(article.id)).headline === "A better headline", "the fixed headline to be stored");
  });

  it("stores an image and focal point chosen in the live document as the photo's, without touching its text", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "copydesk-collab-media-"));
    setMediaStorage(createLocalStorage(root));
    try {
      const article = await createTestArticle({ photos: [{ caption: "The harbour at dawn" }] });
      const editor = await createTestUser("editor");
      const data = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 20, g: Math.floor(Math.random() * 255), b: 90 } } }).jpeg().toBuffer();
      const image = await ingestImage({ data, originalName: "harbour.jpg" }, editor);
      const [photoId] = await photoIdsOf(article.id);
      const a = client(instance.url, article.id, await sessionCookie(editor));
      const b = client(instance.url, article.id, await sessionCookie(await createTestUser("reporter")));
      await Promise.all([synced(a), synced(b)]);

      mediaMap(a.doc).set(photoId, { imageId: image.id, focal: { x: 30, y: 70 } });
      await until(() => readContent(b.doc, [photoId]).photos[0].imageId === image.id, "the image in the other editor");
      await until(async () => (await db.photo.findUniqueOrThrow({ where: { id: photoId } })).imageId === image.id, "the image to be stored");
      const stored = await db.photo.findUniqueOrThrow({ where: { id: photoId } });
      expect({ x: stored.focalX, y: stored.focalY }).toEqual({ x: 30, y: 70 });
      expect(JSON.stringify(stored.caption)).toContain("The harbour at dawn");
    } finally {
      setMediaStorage(undefined);
      await rm(root, { recursive: true, force: true });
    }
  });

  it("converges three clients making 500 random edits each across the body and captions, and stores that document", async () => {
    const article = await createTestArticle({
      paragraphs: ["One paragraph here.", "Another paragraph there.", "A third one."],
      photos: [{ caption: "A caption about a city." }, { caption: "Second caption." }],
    });
    const photoIds = await photoIdsOf(article.id);
    const users = await Promise.all([createTestUser("editor"), createTestUser("reporter"), createTestUser("admin")]);
    const clients = await Promise.all(users.map(async (user) => client(instance.url, article.id, await sessionCookie(user))));
    await Promise.all(clients.map(synced));

    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const words = ["Phoenix", "Stade", "de", "France", "runs", " ", "the", "éte", "Zürich", "x"];
    const fields = [BODY_FIELD, captionField(photoIds[0]), captionField(photoIds[1])];
    for (let round = 0; round < 500; round++) {
      for (const { doc } of clients) {
        const field = fields[random(fields.length)];
        const fragment = doc.getXmlFragment(field);
        const index = random(fragment.length);
        const text = textNode(doc, field, index);
        const length = text.length;
        switch (random(field === BODY_FIELD ? 5 : 3)) {
          case 0:
            text.insert(random(length + 1), words[random(words.length)]);
            break;
          case 1:
            if (length > 0) {
              const at = random(length);
              text.delete(at, Math.min(1 + random(4), length - at));
            }
            break;
          case 2:
            if (length > 1) {
              const at = random(length - 1);
              text.format(at, 1 + random(length - at - 1), random(2) ? { bold: {} } : { italic: null });
            }
            break;
          case 3: {
            const paragraph = new Y.XmlElement("paragraph");
            paragraph.insert(0, [new Y.XmlText(words[random(words.length)])]);
            fragment.insert(random(fragment.length + 1), [paragraph]);
            break;
          }
          case 4:
            if (fragment.length > 1) fragment.delete(random(fragment.length), 1);
            break;
        }
      }
    }

    const json = (doc: Y.Doc) => JSON.stringify(readContent(doc, photoIds));
    await until(() => json(clients[0].doc) === json(clients[1].doc) && json(clients[1].doc) === json(clients[2].doc), "the three documents to converge", 30_000);
    const final = readContent(clients[0].doc, photoIds);
    await until(async () => {
      const stored = await storedContent(article.id);
      return canonicalJson(stored.body) === canonicalJson(final.body) && canonicalJson(stored.photos.map((photo) => photo.caption)) === canonicalJson(final.photos.map((photo) => photo.caption));
    }, () => `the stored draft to equal the converged document (the server's last words: ${JSON.stringify(clients.flatMap((made) => made.messages).filter((message) => message.type !== "saved").slice(-3))})`, 30_000);
  }, 120_000);

  it("refuses a socket without a session, a document name that is not an article, and another site's page", async () => {
    const article = await createTestArticle();
    const anonymous = client(instance.url, article.id, null);
    expect(await anonymous.closed).not.toBe(1000);
    expect(anonymous.provider.isSynced).toBe(false);
    expect(anonymous.doc.getXmlFragment(BODY_FIELD).length).toBe(0);

    const editor = await createTestUser("editor");
    const forged = client(instance.url, article.id, await sessionCookie(editor), `article:${article.id}/../other`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(forged.provider.isSynced).toBe(false);
    expect(forged.doc.getXmlFragment(BODY_FIELD).length).toBe(0);
    const missing = client(instance.url, article.id, await sessionCookie(editor), "article:doesnotexist");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(missing.provider.isSynced).toBe(false);

    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(instance.url, { headers: { origin: "http://evil.example" } });
      ws.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
      ws.on("open", () => resolve(101));
    });
    expect(status).toBe(403);
  });

  it("closes a disabled user's socket within seconds", async () => {
    const article = await createTestArticle();
    const [admin, reporter] = [await createTestUser("admin"), await createTestUser("reporter")];
    const live = client(instance.url, article.id, await sessionCookie(reporter));
    await synced(live);
    await setUserDisabled({ userId: reporter.id, disabled: true }, { ...admin, role: "admin" });
    const started = Date.now();
    expect(await live.closed).toBe(4401);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("brings a restore to every connected editor as one change, without wiping or doubling their text", async () => {
    const article = await createTestArticle({ paragraphs: ["Original text of the story."] });
    const editor = await createTestUser("editor");
    const a = client(instance.url, article.id, await sessionCookie(editor));
    const b = client(instance.url, article.id, await sessionCookie(editor));
    await Promise.all([synced(a), synced(b)]);
    textNode(a.doc, BODY_FIELD).insert(0, "Edited: ");
    await until(async () => JSON.stringify((await storedContent(article.id)).body).includes("Edited: Original"), "the edit to be stored");

    let updates = 0;
    b.doc.on("update", () => updates++);
    const { version } = await storedContent(article.id);
    await restoreRevision({ articleId: article.id, version: 1, expectedVersion: version }, editor);
    await until(() => paragraphText(a.doc, BODY_FIELD) === "Original text of the story." && paragraphText(b.doc, BODY_FIELD) === "Original text of the story.", "the restore in both editors");
    expect(updates).toBe(1);
    expect(a.doc.getXmlFragment(BODY_FIELD).length).toBe(1);

    // A save through the API (the 409 path) reaches the live document the same way.
    const current = await storedContent(article.id);
    await saveArticle(
      {
        articleId: article.id,
        expectedVersion: current.version,
        headline: "Saved through the API",
        standfirst: current.standfirst,
        body: current.body as never,
        photos: [],
      },
      editor,
    );
    await until(() => readContent(a.doc, []).headline === "Saved through the API", "the API save in the live document");
  });

  it("loses nothing a client sent when the server restarts mid-session", async () => {
    const article = await createTestArticle({ paragraphs: ["Before the restart."] });
    const editor = await createTestUser("editor");
    const port = Number(new URL(instance.url).port);
    const live = client(instance.url, article.id, await sessionCookie(editor));
    await synced(live);
    await instance.close();
    // Typed while the server is down: kept by the client, sent when it reconnects.
    textNode(live.doc, BODY_FIELD).insert(0, "Offline words. ");
    instance = await startInstance({ port });
    await until(async () => JSON.stringify((await storedContent(article.id)).body).includes("Offline words. Before the restart."), "the offline edit to be stored", 20_000);
    expect(paragraphText(live.doc, BODY_FIELD)).toBe("Offline words. Before the restart.");
  });
});

describe("comments in a live story", () => {
  it("tells the editors of a story, on every instance, that its comments changed; not those of other stories", async () => {
    const [one, two] = [await startInstance(), await startInstance()];
    try {
      const [article, other] = [await createTestArticle(), await createTestArticle()];
      const editor = await createTestUser("editor");
      const cookie = await sessionCookie(editor);
      const [a, b, elsewhere] = [connect(one.url, article.id, cookie), connect(two.url, article.id, cookie), connect(one.url, other.id, cookie)];
      await Promise.all([synced(a), synced(b), synced(elsewhere)]);
      const commentsMessages = (client: Client) => client.messages.filter((message) => message.type === "comments").length;
      await createComment({ articleId: article.id, field: BODY_FIELD, anchorStart: "AQ==", anchorEnd: "AQ==", quote: "First", text: "A note", mentionIds: [] }, editor);
      await until(() => commentsMessages(a) === 1 && commentsMessages(b) === 1, "both instances' editors to hear of the comment", 5_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(commentsMessages(elsewhere)).toBe(0);
      [a, b, elsewhere].forEach((client) => client.destroy());
    } finally {
      await one.close();
      await two.close();
    }
  });
});

describe.runIf(process.env.REDIS_URL ?? process.env.COPYDESK_TEST_REDIS_URL)("two instances sharing live documents through Redis", () => {
  it("shows an edit made on one instance on the other", async () => {
    const redisUrl = (process.env.COPYDESK_TEST_REDIS_URL ?? process.env.REDIS_URL)!;
    const [one, two] = [await startInstance({ redisUrl }), await startInstance({ redisUrl })];
    try {
      const article = await createTestArticle({ paragraphs: ["Shared paragraph."] });
      const editor = await createTestUser("editor");
      const a = connect(one.url, article.id, await sessionCookie(editor));
      const b = connect(two.url, article.id, await sessionCookie(editor));
      await Promise.all([synced(a), synced(b)]);
      textNode(a.doc, BODY_FIELD).insert(0, "Live: ");
      await until(() => paragraphText(b.doc, BODY_FIELD) === "Live: Shared paragraph.", "the edit on the other instance", 5_000);
      a.destroy();
      b.destroy();
    } finally {
      await one.close();
      await two.close();
    }
  });
});
