import http from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/lib/articles/test-support/fixtures";
import { passwordVersion } from "@/lib/auth/login";
import { db } from "@/lib/db";
import { addInboxEntries, markInboxRead } from "@/lib/workflow/inbox";
import { createInboxEvents, INBOX_EVENTS_PATH, type InboxEvents } from "./inbox-events";

// The live inbox count over a real HTTP server and real PostgreSQL NOTIFY: what the desk header's
// EventSource would receive.

process.env.NEXTAUTH_SECRET ??= "inbox-events-test-secret-with-enough-length";

let events: InboxEvents;
let server: http.Server;
let base: string;

beforeAll(async () => {
  events = createInboxEvents({ databaseUrl: process.env.DATABASE_URL, log: () => {} });
  server = http.createServer((request, response) => {
    if (!events.handle(request, response)) response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await events.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function cookieOf(user: { id: string }) {
  const stored = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  return `next-auth.session-token=${await encode({ token: { sub: user.id, pwv: passwordVersion(stored.passwordHash) }, secret: process.env.NEXTAUTH_SECRET! })}`;
}

/** Reads the stream's "unread" events as they come. */
async function openStream(cookie: string) {
  const controller = new AbortController();
  const response = await fetch(`${base}${INBOX_EVENTS_PATH}`, { headers: { cookie }, signal: controller.signal });
  const counts: number[] = [];
  let ended = false;
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      const reader = response.body!.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffer += decoder.decode(chunk.value, { stream: true });
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(event)?.[1];
          if (event.startsWith("event: unread") && data) counts.push(JSON.parse(data).unread);
        }
      }
    } catch {
      // Aborted by the test.
    }
    ended = true;
  })();
  return { response, counts, ended: () => ended, close: () => (controller.abort(), reading) };
}

async function until(check: () => boolean, what: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("GET /api/inbox/events", () => {
  it("refuses a request without a session", async () => {
    const response = await fetch(`${base}${INBOX_EVENTS_PATH}`);
    expect(response.status).toBe(401);
    expect((await fetch(`${base}${INBOX_EVENTS_PATH}`, { method: "POST" })).status).toBe(405);
  });

  it("sends the unread count at once and again when an entry for this user commits, not for others'", async () => {
    const [reader, other] = [await createTestUser("reporter"), await createTestUser("reporter")];
    const stream = await openStream(await cookieOf(reader));
    expect(stream.response.headers.get("content-type")).toBe("text/event-stream");
    await until(() => stream.counts.length === 1, "the first count");
    expect(stream.counts).toEqual([0]);
    await db.$transaction((tx) => addInboxEntries(tx, [{ recipientId: other.id, actorId: null, kind: "assigned", articleId: null, message: "For someone else" }]));
    await db.$transaction((tx) =>
      addInboxEntries(tx, [
        { recipientId: reader.id, actorId: null, kind: "assigned", articleId: null, message: "One" },
        { recipientId: reader.id, actorId: null, kind: "mentioned", articleId: null, message: "Two" },
      ]),
    );
    await until(() => stream.counts.length === 2, "the new count");
    expect(stream.counts).toEqual([0, 2]);
    // A rolled-back entry announces nothing.
    await db
      .$transaction(async (tx) => {
        await addInboxEntries(tx, [{ recipientId: reader.id, actorId: null, kind: "assigned", articleId: null, message: "Never" }]);
        throw new Error("roll back");
      })
      .catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stream.counts).toEqual([0, 2]);
    await stream.close();
  });

  it("sends the lower count when the user marks entries read (their other tabs follow)", async () => {
    const reader = await createTestUser("reporter");
    await db.$transaction((tx) =>
      addInboxEntries(tx, [
        { recipientId: reader.id, actorId: null, kind: "assigned", articleId: null, message: "One" },
        { recipientId: reader.id, actorId: null, kind: "replied", articleId: null, message: "Two" },
      ]),
    );
    const stream = await openStream(await cookieOf(reader));
    await until(() => stream.counts.length === 1, "the first count");
    const [first] = await db.inboxEntry.findMany({ where: { recipientId: reader.id }, orderBy: { createdAt: "asc" }, take: 1 });
    await markInboxRead({ entryId: first.id }, reader);
    await until(() => stream.counts.length === 2, "the count after one is read");
    await markInboxRead({}, reader);
    await until(() => stream.counts.length === 3, "the count after all are read");
    expect(stream.counts).toEqual([2, 1, 0]);
    await stream.close();
  });

  it("refuses a disabled user's old cookie", async () => {
    const user = await createTestUser("editor");
    const cookie = await cookieOf(user);
    await db.user.update({ where: { id: user.id }, data: { disabled: true } });
    expect((await fetch(`${base}${INBOX_EVENTS_PATH}`, { headers: { cookie } })).status).toBe(401);
  });
});
