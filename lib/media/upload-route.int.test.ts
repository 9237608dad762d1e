import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestUser } from "@/lib/articles/test-support/fixtures";
import { SESSION_COOKIE, sessionCookieFor } from "@/lib/auth/test-support/session-cookie";
import { db, disconnectDatabase } from "@/lib/db";
import { createLocalStorage } from "./storage";
import { setMediaStorage } from "./index";
import { pngClaiming, testJpeg } from "./test-support/images";

// POST /api/media as the desk calls it: a real session cookie, the file as the raw body. Every
// refused file leaves nothing in media storage and no row.
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => [...jar].map(([name, value]) => ({ name, value })) }),
  headers: async () => new Headers(),
}));

const { POST } = await import("@/app/api/media/route");
const { GET: getOriginal } = await import("@/app/api/media/[id]/original/route");

const SECRET = "media-upload-route-test-secret-0123456789";
const FIXTURE = path.join(import.meta.dirname, "fixtures/iptc-wire-photo.jpg");
let root = "";
let reporter: Awaited<ReturnType<typeof createTestUser>>;

async function filesUnder(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
  } catch {
    return [];
  }
}

async function stored() {
  return { files: (await filesUnder(root)).length, rows: await db.mediaAsset.count() };
}

function upload(data: Buffer, name = "photo.jpg") {
  const request = new Request("http://desk.test/api/media", {
    method: "POST",
    headers: { "content-type": "application/octet-stream", "x-file-name": encodeURIComponent(name) },
    body: new Uint8Array(data),
  });
  return POST(request, { params: Promise.resolve({}) });
}

beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = SECRET;
  root = await mkdtemp(path.join(tmpdir(), "copydesk-upload-route-"));
  setMediaStorage(createLocalStorage(root));
  reporter = await createTestUser("reporter");
});
beforeEach(() => jar.clear());
afterAll(async () => {
  setMediaStorage(undefined);
  await rm(root, { recursive: true, force: true });
  await disconnectDatabase();
});

describe("POST /api/media", () => {
  it("refuses a signed-out caller with 401 and stores nothing", async () => {
    const before = await stored();
    const response = await upload(await testJpeg());
    expect(response.status).toBe(401);
    expect(await stored()).toEqual(before);
  });

  it("refuses a renamed text file, a truncated JPEG and a pixel bomb, each with its message, leaving nothing behind", async () => {
    jar.set(SESSION_COOKIE, await sessionCookieFor(reporter.id, SECRET));
    const full = await sharp({ create: { width: 1200, height: 800, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 40 } } })
      .jpeg()
      .toBuffer();
    const cases: Array<[string, Buffer, RegExp]> = [
      ["notes.jpg", Buffer.from("Meeting notes, renamed to look like a photo.\n".repeat(20)), /This file is not an image we can use\. Upload a JPEG, PNG, WebP or AVIF image\./],
      ["cut.jpg", full.subarray(0, Math.floor(full.length / 2)), /damaged or incomplete/],
      ["bomb.png", pngClaiming(60_000, 60_000), /60000×60000 \(3600 megapixels\); the limit is 50 megapixels/],
    ];
    for (const [name, data, message] of cases) {
      const before = await stored();
      const response = await upload(data, name);
      expect(response.status, name).toBe(422);
      const body = (await response.json()) as { fieldErrors?: { file?: string[] } };
      expect(body.fieldErrors?.file?.[0], name).toMatch(message);
      expect(await stored(), name).toEqual(before);
    }
  });

  it("refuses a file over the configured size limit with 413 and its message, leaving nothing behind", async () => {
    jar.set(SESSION_COOKIE, await sessionCookieFor(reporter.id, SECRET));
    const data = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 40 } } })
      .jpeg()
      .toBuffer();
    const before = await stored();
    process.env.COPYDESK_MEDIA_MAX_BYTES = String(Math.floor(data.length / 2));
    try {
      const response = await upload(data, "large.jpg");
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: string }).error).toMatch(/^This file is larger than the \d+ MB limit for images\.$/);
      expect(await stored()).toEqual(before);
      // The same file within the limit is stored: the limit, not the file, refused it.
      process.env.COPYDESK_MEDIA_MAX_BYTES = String(data.length);
      expect((await upload(data, "large.jpg")).status).toBe(201);
    } finally {
      delete process.env.COPYDESK_MEDIA_MAX_BYTES;
    }
  });

  it("gives the original file, metadata and all, only to a desk session", async () => {
    jar.set(SESSION_COOKIE, await sessionCookieFor(reporter.id, SECRET));
    const data = await testJpeg({ caption: "Original with its metadata", creator: "Ann Lee" });
    const created = await upload(data, "original.jpg");
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const original = (asset: string) => getOriginal(new Request(`http://desk.test/api/media/${asset}/original`), { params: Promise.resolve({ id: asset }) });

    const answer = await original(id);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("private, no-store");
    expect(Buffer.from(await answer.arrayBuffer())).toEqual(data);
    expect((await original("no-such-image")).status).toBe(404);

    jar.clear();
    expect((await original(id)).status).toBe(401);
  });

  it("stores a real JPEG and answers with what its IPTC says and the matched credit", async () => {
    jar.set(SESSION_COOKIE, await sessionCookieFor(reporter.id, SECRET));
    const response = await upload(await readFile(FIXTURE), "wire photo.jpg");
    // 200 when another test file stored the same fixture first (one file, stored once).
    expect([200, 201]).toContain(response.status);
    const body = await response.json();
    expect(body).toMatchObject({
      width: 640,
      height: 427,
      credit: { label: "AP/Martin Meissner" },
      metadata: { caption: "Firefighters tackle a blaze at a warehouse in Dortmund, Germany, on Saturday.", creator: "Martin Meissner" },
    });
    // An undecodable file name is a label, not a failure.
    const odd = await upload(await testJpeg(), "%E0%A4%A");
    expect(odd.status).toBe(201);
  });
});
