import { createScratchDatabase, testServer } from "./scratch-database";

// Integration tests get one fresh, migrated database per run. Workers inherit DATABASE_URL.
export default async function setup() {
  const server = await testServer();
  const scratch = await createScratchDatabase(server.adminUrl, "copydesk_it");
  process.env.DATABASE_URL = scratch.url;
  process.env.COPYDESK_TEST_ADMIN_URL = server.adminUrl;
  return async () => {
    await scratch.drop();
    await server.embedded?.stop();
  };
}
