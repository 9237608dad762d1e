import { RateLimitedError } from "@/lib/errors";

/**
 * Bounds the image work of this process: at most `concurrency` images decode at once (each
 * holds its pixels in memory), at most `queueLimit` wait; more are refused with a 429 rather
 * than piling up memory. The work itself runs in sharp's libvips threads, off the JS thread.
 */
export function createWorkQueue(options: { concurrency: number; queueLimit: number }) {
  let running = 0;
  const waiting: Array<() => void> = [];

  const release = () => {
    running -= 1;
    const next = waiting.shift();
    if (next) {
      running += 1;
      next();
    }
  };

  return {
    get running() {
      return running;
    },
    get waiting() {
      return waiting.length;
    },
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running >= options.concurrency) {
        if (waiting.length >= options.queueLimit) {
          throw new RateLimitedError("Too many images are being processed right now. Try again in a few seconds.", 5);
        }
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running += 1;
      }
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

export type WorkQueue = ReturnType<typeof createWorkQueue>;
