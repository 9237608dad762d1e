import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDatabase } from "@/lib/db";
import { invalidateReaderContent } from "@/lib/site/invalidate";
import { publishReaderChange, READER_LISTING_PATHS, READER_NOTIFY_CHANNEL } from "@/lib/site/reader-invalidation";
import { createReaderCache, type ReaderCache } from "./reader-cache";
import { LISTENER_APPLICATION_NAME } from "./reader-listener";

// Two server instances' reader caches on one database: a change made in one reaches the
// other through LISTEN/NOTIFY, and a lost LISTEN connection clears the cache once it is back.

interface Instance {
  cache: ReaderCache;
  /** Every revalidateTags call, with the pages still cached at that moment. */
  revalidations: Array<{ tags: string[]; cachedPages: string[] }>;
}

const PAGES = ["/", "/corrections", "/feed.xml", "/articles/alpha", "/articles/beta"];

function createInstance(): Instance {
  const instance: Instance = { cache: undefined!, revalidations: [] };
  instance.cache = createReaderCache({
    next: async (_request, response) => void response.end(),
    revalidateTags: async (tags) => {
      instance.revalidations.push({ tags, cachedPages: instance.cache.cache.keys() });
    },
    retryDelayMs: 50,
    log: () => {},
  });
  return instance;
}

async function fill(instance: Instance) {
  for (const key of PAGES) {
    await instance.cache.cache.store(key, { body: Buffer.from(`<p>${key}</p>`), headers: { "content-type": "text/html" } }, instance.cache.cache.epoch);
  }
  instance.revalidations.length = 0;
}

async function eventually(check: () => void, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

let local: Instance;
let remote: Instance;

beforeAll(async () => {
  local = createInstance();
  remote = createInstance();
  local.cache.registerLocal();
  await Promise.all([local.cache.listen(process.env.DATABASE_URL!), remote.cache.listen(process.env.DATABASE_URL!)]);
});

afterAll(async () => {
  await local.cache.close();
  await remote.cache.close();
  await disconnectDatabase();
});

describe("reader cache invalidation across instances", () => {
  it("clears everything (Next's data included) when it starts listening", async () => {
    const fresh = createInstance();
    await fresh.cache.listen(process.env.DATABASE_URL!);
    expect(fresh.revalidations.map((call) => call.tags)).toEqual([["reader"]]);
    await fresh.cache.close();
  });

  it("drops exactly the changed article and the listings, here at once and in the other instance", async () => {
    await fill(local);
    await fill(remote);

    await invalidateReaderContent({ slugs: ["alpha"] });

    // The instance that made the change has applied it by the time the call returns.
    expect(local.cache.cache.keys()).toEqual(["/articles/beta"]);
    expect(local.revalidations).toHaveLength(1);
    expect(local.revalidations[0].tags).toContain("reader:article:alpha");

    await eventually(() => expect(remote.cache.cache.keys()).toEqual(["/articles/beta"]));
    expect(remote.revalidations).toHaveLength(1);
    expect(remote.revalidations[0].tags).toEqual(expect.arrayContaining(["reader:article:alpha", "reader:front-page", "reader:feeds", "reader:sitemaps", "reader:corrections"]));
    expect(remote.revalidations[0].tags).not.toContain("reader:article:beta");
    // Next's data was expired before the pages were dropped, so a re-render reads fresh data.
    expect(remote.revalidations[0].cachedPages).toEqual(PAGES);

    // Its own notification comes back to the local instance, which does not apply it twice.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(local.revalidations).toHaveLength(1);
    expect(READER_LISTING_PATHS.every((key) => !remote.cache.cache.keys().includes(key))).toBe(true);
  });

  it("expires each tag once for a change made inside a request: there, not again by the page cache", async () => {
    await fill(local);
    await fill(remote);
    const expiredInRequest: string[][] = [];
    await publishReaderChange(
      { slugs: ["alpha"] },
      {
        expireTagsHere: (tags) => (expiredInRequest.push(tags), true),
        notify: async (payload) => void (await db.$executeRaw`SELECT pg_notify(${READER_NOTIFY_CHANNEL}, ${payload})`),
      },
    );
    expect(expiredInRequest).toHaveLength(1);
    expect(local.cache.cache.keys()).toEqual(["/articles/beta"]);
    // The remote instance was not in that request: it expires the tags itself, once.
    await eventually(() => expect(remote.cache.cache.keys()).toEqual(["/articles/beta"]));
    expect(remote.revalidations).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(local.revalidations).toEqual([]);
  });

  it("drops everything on `all`", async () => {
    await fill(local);
    await fill(remote);
    await invalidateReaderContent({ all: true });
    expect(local.cache.cache.size).toBe(0);
    await eventually(() => expect(remote.cache.cache.size).toBe(0));
    expect(remote.revalidations.map((call) => call.tags)).toEqual([["reader"]]);
  });

  it("clears the whole cache after its LISTEN connection is lost and re-established", async () => {
    await fill(remote);
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      const killed = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()",
        [LISTENER_APPLICATION_NAME],
      );
      expect(killed.rowCount).toBeGreaterThanOrEqual(2);
    } finally {
      await admin.end();
    }
    await eventually(() => expect(remote.cache.cache.size).toBe(0));
    expect(remote.revalidations.map((call) => call.tags)).toEqual([["reader"]]);

    // And it listens again: a later change still arrives.
    await fill(remote);
    await invalidateReaderContent({ slugs: ["beta"] });
    await eventually(() => expect(remote.cache.cache.keys()).toEqual(["/articles/alpha"]));
  });
});
