import http from "node:http";
import next from "next";
import { projectRoot } from "@/lib/project-root";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the built Next.js app over HTTP. */
export async function startServer(options: { port: number; hostname: string; dev?: boolean }): Promise<RunningServer> {
  const app = next({ dev: options.dev ?? false, dir: projectRoot(), hostname: options.hostname, port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((request, response) => {
    handle(request, response).catch((error) => {
      console.error("Unhandled request error", error);
      if (!response.headersSent) response.statusCode = 500;
      response.end("Internal Server Error");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, resolve);
  });
  return {
    url: `http://${options.hostname === "0.0.0.0" ? "localhost" : options.hostname}:${options.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
