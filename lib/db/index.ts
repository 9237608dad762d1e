export { db, createDatabaseClient, disconnectDatabase, type Database } from "./client";
export type { Prisma } from "./generated/client";
