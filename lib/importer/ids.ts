import { randomBytes } from "node:crypto";

// Row ids for rows written with raw SQL, in the shape of Prisma's `@default(cuid())` ids (a "c",
// then time, counter and randomness in base 36) so they look and sort like the ones Prisma makes.
let counter = Math.floor(Math.random() * 36 ** 4);
const pool = { bytes: Buffer.alloc(0), offset: 0 };

function randomBase36(length: number) {
  if (pool.offset + length > pool.bytes.length) {
    pool.bytes = randomBytes(4096);
    pool.offset = 0;
  }
  let out = "";
  for (let i = 0; i < length; i++) out += (pool.bytes[pool.offset++] % 36).toString(36);
  return out;
}

export function newId(): string {
  counter = (counter + 1) % 36 ** 4;
  return `c${Date.now().toString(36).padStart(8, "0")}${counter.toString(36).padStart(4, "0")}${randomBase36(12)}`;
}
