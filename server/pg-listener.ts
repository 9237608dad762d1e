import pg from "pg";

export interface ChannelListenerOptions {
  connectionString: string;
  channel: string;
  /** Shown in pg_stat_activity, so the listening connections can be told apart. */
  applicationName: string;
  onPayload(payload: string): Promise<void> | void;
  /**
   * Called after every successful (re)connection. Notifications sent while no connection was
   * listening are lost, so the caller should treat this as "everything may have changed".
   */
  onConnected(): Promise<void> | void;
  retryDelayMs?: number;
  log?: (message: string, error?: unknown) => void;
}

export interface ChannelListener {
  /** Resolves once the first LISTEN is in place. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * LISTENs on a channel on a dedicated PostgreSQL connection (a pooled one could be
 * handed to someone else and stop listening), reconnecting after errors. Handlers run one at a
 * time, in the order notifications arrive.
 */
export function listenOnChannel(options: ChannelListenerOptions): ChannelListener {
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const log = options.log ?? ((message, error) => console.error(`[${options.channel}] ${message}`, error ?? ""));
  let client: pg.Client | null = null;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let queue: Promise<void> = Promise.resolve();
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const enqueue = (task: () => Promise<void> | void) => {
    queue = queue.then(task).catch((error) => log("Handling a notification failed", error));
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
      application_name: options.applicationName,
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
      if (message.channel !== options.channel) return;
      const payload = message.payload ?? "";
      void enqueue(() => options.onPayload(payload));
    });
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${pg.escapeIdentifier(options.channel)}`);
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
