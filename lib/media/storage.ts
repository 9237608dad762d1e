import { createReadStream } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { randomBytes } from "node:crypto";
import { projectPath } from "@/lib/project-root";

/**
 * Where image bytes live: originals and variants, by key ("originals/<hash>", "variants/<hash>/640.webp").
 * Keys are content-addressed, so a key's bytes never change once written: writes are idempotent.
 * Local files by default, an S3-compatible bucket when MEDIA_S3_BUCKET is set (see README).
 */
export interface MediaStorage {
  readonly kind: "local" | "s3";
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The stored bytes as a stream with their size, or null when the key does not exist. */
  get(key: string): Promise<{ body: Readable; size: number } | null>;
  /** The stored bytes in memory, or null. */
  read(key: string): Promise<Buffer | null>;
  exists(key: string): Promise<boolean>;
  /** Removes a key; removing a key that does not exist is not an error. */
  delete(key: string): Promise<void>;
}

const KEY_PATTERN = /^[a-z0-9][a-z0-9/_.-]{0,200}$/;

/** Keys are made by lib/media only; anything else (a "..", an absolute path) is a bug, not input. */
export function assertStorageKey(key: string): void {
  if (!KEY_PATTERN.test(key) || key.split("/").some((part) => part === "" || part === "." || part === "..")) {
    throw new Error(`Invalid media storage key: ${JSON.stringify(key)}`);
  }
}

export function mediaDataDir(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(env.COPYDESK_DATA_DIR ?? projectPath(".data"), "media");
}

/** Files under one directory; each write goes to a temporary file renamed into place. */
export function createLocalStorage(root: string): MediaStorage {
  const file = (key: string) => {
    assertStorageKey(key);
    return path.join(root, ...key.split("/"));
  };
  return {
    kind: "local",
    async put(key, data) {
      const target = file(key);
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomBytes(6).toString("hex")}.tmp`;
      const handle = await open(temporary, "w");
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async get(key) {
      const target = file(key);
      try {
        const info = await stat(target);
        if (!info.isFile()) return null;
        return { body: createReadStream(target), size: info.size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async read(key) {
      const target = file(key);
      try {
        const handle = await open(target, "r");
        try {
          return await handle.readFile();
        } finally {
          await handle.close();
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async exists(key) {
      try {
        return (await stat(file(key))).isFile();
      } catch {
        return false;
      }
    },
    async delete(key) {
      await rm(file(key), { force: true });
    },
  };
}
