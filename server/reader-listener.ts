import pg from "pg";
import { decodeReaderNotification, READER_NOTIFY_CHANNEL, type ReaderNotification } from "@/lib/site/reader-invalidation";

/** Shown in pg_stat_activity, so the listening connections can be told apart. */
export const LISTENER_APPLICATION_NAME = "copydesk-reader-listener";

export interface ReaderListenerOptions {
  connectionString: string;
  onNotification(notification: ReaderNotification): Promise<void> | void;
  /**
   * Called after every successful (re)connection. Notifications sent while no connection was
   * listening are lost, so the caller should treat this as "everything may have changed".
   */
  onConnected(): Promise<void> | void;
  retryDelayMs?: number;
  log?: (message: string, error?: unknown) => void;
}

export interface ReaderListener {
  /** Resolves once the first LISTEN is in place. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * LISTENs for reader changes on a dedicated PostgreSQL connection (a pooled one could be
 * handed to someone else and stop listening), reconnecting after errors. Handlers run one at a
 * time, in the order notifications arrive.
 */
export function listenForReaderChanges(options: ReaderListenerOptions): ReaderListener {
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const log = options.log ?? ((message, error) => console.error(`[reader-cache] ${message}`, error ?? ""));
  let client: pg.Client | null = null;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let queue: Promise<void> = Promise.resolve();
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const enqueue = (task: () => Promise<void> | void) => {
    queue = queue.then(task).catch((error) => log("Applying a reader change failed", error));
    return queue;
  };

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, retryDelayMs);
  };

  async function connect() {
    if (closed) return;
    const candidate = new pg.Client({
      connectionString: options.connectionString,
      connectionTimeoutMillis: 5000,
      application_name: LISTENER_APPLICATION_NAME,
    });
    let failed = false;
    const onFailure = (error?: unknown) => {
      if (failed) return;
      failed = true;
      if (client === candidate) client = null;
      candidate.removeAllListeners("notification");
      candidate.end().catch(() => {});
      if (!closed) {
        log("Lost the LISTEN connection; reconnecting", error);
        scheduleReconnect();
      }
    };
    candidate.on("error", onFailure);
    candidate.on("end", () => onFailure());
    candidate.on("notification", (message) => {
      if (message.channel !== READER_NOTIFY_CHANNEL) return;
      const notification = decodeReaderNotification(message.payload);
      void enqueue(() => options.onNotification(notification));
    });
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${pg.escapeIdentifier(READER_NOTIFY_CHANNEL)}`);
    } catch (error) {
      onFailure(error);
      return;
    }
    if (closed || failed) {
      await candidate.end().catch(() => {});
      return;
    }
    client = candidate;
    await enqueue(() => options.onConnected());
    markReady();
  }

  void connect();

  return {
    ready,
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
      await queue;
    },
  };
}
