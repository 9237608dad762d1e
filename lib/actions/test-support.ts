import type { z } from "zod";
import type { Actor } from "@/lib/auth/access";
import { parseInput } from "@/lib/errors";

/**
 * For tests of lib mutations with raw input: the mutation behind the action's parse, i.e. what
 * `action({ input: schema }, …)` does after the session check. The role is the builder's business
 * (tested in lib/actions/action.int.test.ts), so the actor is taken as given.
 */
export function parsed<S extends z.ZodType, A extends Actor, R>(schema: S, mutation: (input: z.output<S>, actor: A) => Promise<R>) {
  // async: a refused input is a rejected promise, as from the action, not a synchronous throw.
  return async (input: unknown, actor: A): Promise<R> => mutation(parseInput(schema, input), actor);
}
