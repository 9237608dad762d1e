import type { IncomingMessage, ServerResponse } from "node:http";
import { mediaConfig } from "../lib/media/config";
import { applySecurityHeaders } from "./security-headers";

const MEDIA_UPLOAD_PATH = "/api/media";

// What the Node server checks before a request reaches the page cache or Next: headers a client
// must not be able to choose, addresses and Origin headers that do not parse (Next answers those
// with a 500), and request bodies over the size limit.

export type ServeRequest = (request: IncomingMessage, response: ServerResponse) => Promise<void> | undefined;

export { DEFAULT_MAX_BODY_BYTES, maxBodyBytesFromEnv } from "./body-limit.mjs";

// Set by reverse proxies. Without a trusted proxy in front, a client could name any host (Next's
// server-action origin check compares Origin with X-Forwarded-Host), scheme or address.
const FORWARDING_HEADERS = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded", "x-real-ip"];

/**
 * Login throttling keys on the client's address (the last x-forwarded-for hop). Unless a trusted
 * reverse proxy sets the forwarding headers (TRUST_PROXY=1), a client must not be able to choose
 * them: they are dropped, and X-Forwarded-For is the socket's address.
 */
export function pinClientAddress(request: IncomingMessage, trustProxy: boolean) {
  if (!trustProxy) for (const name of FORWARDING_HEADERS) delete request.headers[name];
  if (!trustProxy || !request.headers["x-forwarded-for"]) {
    request.headers["x-forwarded-for"] = request.socket.remoteAddress ?? "";
  }
}

/** Why a request is refused before it is handled, or null. */
export function malformedRequest(request: Pick<IncomingMessage, "url" | "headers">): string | null {
  const path = (request.url ?? "/").split(/[?#]/)[0];
  try {
    decodeURIComponent(path);
  } catch {
    return "The address is not valid (bad percent-encoding).";
  }
  const origin = request.headers.origin;
  // "null" is what browsers send from opaque origins (sandboxed frames); Next handles it.
  if (origin !== undefined && origin !== "null" && !isOriginUrl(origin)) return "The Origin header is not a valid origin.";
  return null;
}

function isOriginUrl(value: string | string[]): boolean {
  if (typeof value !== "string") return false;
  try {
    return new URL(value).host !== "";
  } catch {
    return false;
  }
}

function refuse(response: ServerResponse, status: 400 | 413, message: string) {
  response.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", connection: "close" });
  response.end(`${message}\n`);
}

/** How long a refused body is still read (and dropped) so that its sender gets the 413. */
const REFUSED_BODY_LINGER_MS = 10_000;

/**
 * Answers 413 while the client may still be sending, and returns the function that closes the
 * connection. Closing it at once would reset it, and a reset makes the client's kernel drop the
 * answer it has not read yet: the client would see ECONNRESET, never the 413. So after the answer
 * only the sending half is closed; the rest of the body is read and dropped until it ends, for at
 * most REFUSED_BODY_LINGER_MS.
 */
function refuseOversizedBody(request: IncomingMessage, response: ServerResponse, maxBytes: number): () => void {
  const socket = request.socket;
  const close = () => {
    clearTimeout(linger);
    socket.destroy();
  };
  const linger = setTimeout(close, REFUSED_BODY_LINGER_MS);
  linger.unref();
  socket.once("close", () => clearTimeout(linger));
  request.once("error", () => {});
  // Node ends a `connection: close` answer with destroySoon(), which would reset the connection.
  socket.destroySoon = () => socket.end();
  refuse(response, 413, `The request body is larger than ${maxBytes} bytes.`);
  return close;
}

/**
 * Refuses a body over `maxBytes`: at once from its Content-Length, or, for a chunked body, as
 * soon as the bytes received pass the limit (the handler reading it then sees the request end
 * early, and the client gets the 413). Returns false when the request was refused outright.
 */
export function capRequestBody(request: IncomingMessage, response: ServerResponse, maxBytes: number): boolean {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    // Nothing reads this request: Node drops the rest of its body once the answer is sent.
    const close = refuseOversizedBody(request, response, maxBytes);
    request.once("end", close);
    return false;
  }
  if (request.headers["transfer-encoding"] === undefined) return true;
  let received = 0;
  let close: (() => void) | null = null;
  // Node's HTTP parser hands each body chunk to `push`; counting there sees every byte before
  // any reader does, without taking the stream out of paused mode.
  const push = request.push.bind(request);
  request.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk != null) received += (chunk as Buffer).length;
    if (received > maxBytes) {
      if (!response.headersSent) close = refuseOversizedBody(request, response, maxBytes);
      // The body has ended (null) and is never handed on: the handler reading it sees the
      // request cut off when the connection closes, instead of waiting for ever.
      if (chunk == null) close?.();
      return false;
    }
    return push(chunk, encoding);
  };
  return true;
}

export interface GuardOptions {
  trustProxy: boolean;
  maxBodyBytes: number;
  dev?: boolean;
}

/** The server's request listener: the checks above, security headers, then `serve`. */
export function guardedHandler(serve: ServeRequest, options: GuardOptions) {
  return (request: IncomingMessage, response: ServerResponse) => {
    pinClientAddress(request, options.trustProxy);
    applySecurityHeaders(request, response, options);
    const malformed = malformedRequest(request);
    if (malformed) return refuse(response, 400, malformed);
    // Image uploads have their own, larger limit, counted by the upload route as the file streams in.
    const limit = request.method === "POST" && request.url === MEDIA_UPLOAD_PATH ? mediaConfig().maxBytes : options.maxBodyBytes;
    if (!capRequestBody(request, response, limit)) return;
    serve(request, response)?.catch((error) => {
      console.error("Unhandled request error", error);
      if (!response.headersSent) response.statusCode = 500;
      response.end("Internal Server Error");
    });
  };
}
