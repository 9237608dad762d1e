import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { servePublicMedia } from "@/lib/media/serve";

const MEDIA_PATH = /^\/media\/([0-9a-f]{64})\/([a-z0-9x-]{1,40}\.(?:webp|jpg))$/;

/**
 * Serves public image variants straight from media storage, before Next: a variant is public
 * while a published article shows its image (lib/media/access.ts, decision cached until the
 * next reader change). Anything else — desk-only images, unknown paths — goes to Next, whose
 * route (app/(site)/media) checks for a desk session.
 */
type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void> | undefined;

export function createMediaHandler(next: Handler): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  return async (request, response) => {
    const match = request.method === "GET" || request.method === "HEAD" ? MEDIA_PATH.exec(request.url ?? "") : null;
    if (!match) return next(request, response);
    const result = await servePublicMedia(match[1], match[2], request.headers["if-none-match"]);
    if (!result) return next(request, response);
    if (result.status === 404) {
      response.writeHead(404, { "content-type": "text/plain", "cache-control": "no-store" });
      response.end("Not found");
      return;
    }
    response.writeHead(result.status, result.headers);
    if (result.status === 304 || request.method === "HEAD") {
      if (result.status === 200) result.body.destroy();
      response.end();
      return;
    }
    try {
      await pipeline(result.body, response);
    } catch (error) {
      // The reader went away mid-image (a closed tab, a load generator stopping): nothing to answer.
      if ((error as NodeJS.ErrnoException).code !== "ERR_STREAM_PREMATURE_CLOSE") throw error;
    }
  };
}
