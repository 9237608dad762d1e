import type { z } from "zod";
import type { Actor } from "@/lib/auth/access";
import { parseInput } from "@/lib/errors";

/**
 * For tests of lib mutations with raw input: the mutation behind the action's parse, i.e. what
 * `action({ input: schema }, …)` does after the session check. The role is the builder's business
 * (tested in lib/actions/action.int.test.ts), so the actor is taken as given.
 */
export function parsed<S extends z.ZodType, A extends Actor | null, R>(schema: S, mutation: (input: z.output<S>, actor: A) => R) {
  return (input: unknown, actor: A): R => mutation(parseInput(schema, input), actor);
}
