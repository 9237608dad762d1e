import { defineConfig } from "vitest/config";
import path from "node:path";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // `server-only` throws outside a React Server bundle; tests run lib/ code directly.
  "server-only": path.resolve(import.meta.dirname, "scripts/empty-module.ts"),
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "server/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
          // The fact-checker's dictionaries and gazetteer load once per test file (a few seconds
          // on a busy machine).
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["lib/**/*.int.test.ts", "scripts/**/*.int.test.ts", "server/**/*.int.test.ts"],
          environment: "node",
          globalSetup: ["lib/db/test-support/global-setup.ts"],
          // One database per run; files run one after another so timing-sensitive
          // checks (locks, concurrency) do not fight over 2 cores.
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          // A file's first fact-check starts the worker threads (speller, grammar checker and
          // gazetteer loaded once each): seconds on a quiet machine, tens of seconds on a busy one.
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
