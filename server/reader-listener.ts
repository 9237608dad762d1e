import { decodeReaderNotification, READER_NOTIFY_CHANNEL, type ReaderNotification } from "@/lib/site/reader-invalidation";
import { listenOnChannel, type ChannelListener, type ChannelListenerOptions } from "./pg-listener";

/** Shown in pg_stat_activity, so the listening connections can be told apart. */
export const LISTENER_APPLICATION_NAME = "copydesk-reader-listener";

export type ReaderListener = ChannelListener;
export interface ReaderListenerOptions extends Omit<ChannelListenerOptions, "channel" | "applicationName" | "onPayload"> {
  onNotification(notification: ReaderNotification): Promise<void> | void;
}

/** LISTENs for reader changes (see pg-listener.ts for the connection's rules). */
export function listenForReaderChanges(options: ReaderListenerOptions): ReaderListener {
  const { onNotification, ...rest } = options;
  return listenOnChannel({
    ...rest,
    channel: READER_NOTIFY_CHANNEL,
    applicationName: LISTENER_APPLICATION_NAME,
    log: options.log ?? ((message, error) => console.error(`[reader-cache] ${message}`, error ?? "")),
    onPayload: (payload) => onNotification(decodeReaderNotification(payload)),
  });
}
