import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { text } from "node:stream/consumers";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createS3Storage } from "./s3-storage";
import { createLocalStorage, type MediaStorage } from "./storage";

// One contract, two adapters: local files and a real S3-protocol server (s3rver) started here.

interface Adapter {
  name: string;
  setUp(): Promise<MediaStorage>;
  tearDown(): Promise<void>;
}

let localRoot = "";
let s3Dir = "";
let s3: S3rver | null = null;

const adapters: Adapter[] = [
  {
    name: "local files",
    async setUp() {
      localRoot = await mkdtemp(path.join(tmpdir(), "copydesk-media-"));
      return createLocalStorage(localRoot);
    },
    async tearDown() {
      await rm(localRoot, { recursive: true, force: true });
    },
  },
  {
    name: "S3 (s3rver)",
    async setUp() {
      s3Dir = await mkdtemp(path.join(tmpdir(), "copydesk-s3rver-"));
      s3 = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: s3Dir, configureBuckets: [{ name: "media", configs: [] }] });
      const { port } = await s3.run();
      return createS3Storage({
        bucket: "media",
        endpoint: `http://127.0.0.1:${port}`,
        accessKeyId: "S3RVER",
        secretAccessKey: "S3RVER",
        prefix: "copydesk/",
      });
    },
    async tearDown() {
      await s3?.close();
      await rm(s3Dir, { recursive: true, force: true });
    },
  },
];

describe.each(adapters)("media storage contract: $name", (adapter) => {
  let storage: MediaStorage;
  beforeAll(async () => {
    storage = await adapter.setUp();
  }, 30_000);
  afterAll(() => adapter.tearDown());

  it("stores bytes under a key and gives them back, as a stream with its size and in memory", async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x10, 0x20, 0x30]);
    await storage.put("variants/abc/640.jpg", bytes, "image/jpeg");
    expect(await storage.exists("variants/abc/640.jpg")).toBe(true);
    expect(await storage.read("variants/abc/640.jpg")).toEqual(bytes);
    const stream = await storage.get("variants/abc/640.jpg");
    expect(stream?.size).toBe(bytes.length);
    const chunks: Buffer[] = [];
    for await (const chunk of stream!.body) chunks.push(Buffer.from(chunk as Uint8Array));
    expect(Buffer.concat(chunks)).toEqual(bytes);
  });

  it("answers a missing key with null / false, not an error", async () => {
    expect(await storage.get("originals/missing")).toBeNull();
    expect(await storage.read("originals/missing")).toBeNull();
    expect(await storage.exists("originals/missing")).toBe(false);
  });

  it("overwrites a key with the same bytes idempotently and deletes it (twice is fine)", async () => {
    await storage.put("originals/same", Buffer.from("one"), "application/octet-stream");
    await storage.put("originals/same", Buffer.from("one"), "application/octet-stream");
    expect(await text((await storage.get("originals/same"))!.body)).toBe("one");
    await storage.delete("originals/same");
    await storage.delete("originals/same");
    expect(await storage.exists("originals/same")).toBe(false);
  });

  it("refuses keys that could escape its space", async () => {
    for (const key of ["../etc/passwd", "/abs", "a//b", "a/../b", "UPPER", ""]) {
      await expect(storage.put(key, Buffer.from("x"), "text/plain")).rejects.toThrow(/Invalid media storage key/);
    }
  });
});

describe("local storage", () => {
  it("leaves no temporary file behind after a write", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "copydesk-media-"));
    try {
      const storage = createLocalStorage(root);
      await storage.put("variants/h/320.webp", Buffer.alloc(1000, 1), "image/webp");
      expect(await readdir(path.join(root, "variants", "h"))).toEqual(["320.webp"]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
