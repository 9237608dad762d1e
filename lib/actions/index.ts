import "server-only";
import type { z } from "zod";
import { requireUser, type Actor, type RoleName } from "@/lib/auth";
import { parseInput, runAction, toHttpResponse, ValidationError, type ActionResult } from "@/lib/errors";

/**
 * The one pipeline every mutation goes through (in the spirit of dub's `authActionClient`): an
 * action declares its role and its zod schema once; the builder (1) loads the session and checks
 * the role — before looking at the input, so a caller without the role learns nothing from
 * validation messages — (2) parses the input (422 with field errors), (3) runs the body with the
 * parsed input and the actor, and (4) maps whatever it throws through lib/errors. The lib function
 * the body calls takes `(input, actor)` and neither parses nor checks the role again.
 */
export interface ActionSpec<S extends z.ZodType> {
  /** The least role allowed (admin ⊇ editor ⊇ reporter). */
  role: RoleName;
  /** Validates and normalizes the input; the body only ever sees its output. */
  input: S;
}

type Body<S extends z.ZodType, T, Extra = undefined> = (input: z.output<S>, actor: Actor, extra: Extra) => Promise<T>;

/** Session, role and input, in that order: the part every kind of mutation shares. */
async function authorize<S extends z.ZodType>(spec: ActionSpec<S>, input: () => unknown | Promise<unknown>) {
  const actor = await requireUser(spec.role);
  return { actor, input: parseInput(spec.input, await input()) as z.output<S> };
}

/**
 * A server action taking one argument (a plain object from a client component):
 * `export const publishArticleAction = action({ role: "editor", input: publishSchema }, (input, actor) => publishArticle(input, actor));`
 */
export function action<S extends z.ZodType, T>(spec: ActionSpec<S>, body: Body<S, T>) {
  return async (raw: unknown): Promise<ActionResult<T>> =>
    runAction(async () => {
      const { input, actor } = await authorize(spec, () => raw);
      return body(input, actor, undefined);
    });
}

/**
 * A server action for `useActionState` with a `<form>`: `fields` picks the named form fields into
 * the object the schema parses (never the form's own field names as columns).
 */
export function formAction<S extends z.ZodType, T>(spec: ActionSpec<S> & { fields: (form: FormData) => unknown }, body: Body<S, T>) {
  return async (_previous: unknown, form: FormData): Promise<ActionResult<T>> =>
    runAction(async () => {
      const { input, actor } = await authorize(spec, () => spec.fields(form));
      return body(input, actor, undefined);
    });
}

/** A form field as a string, or undefined (left for the schema to refuse). */
export function formText(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
}

/** "true"/"false" from a hidden field as a boolean; anything else is left for the schema to refuse. */
export function formFlag(form: FormData, name: string): boolean | string | undefined {
  const value = formText(form, name);
  return value === "true" ? true : value === "false" ? false : value;
}

/**
 * Reads a JSON request body. Only JSON: a cross-site form post cannot send it without a CORS preflight.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  if (!request.headers.get("content-type")?.startsWith("application/json")) {
    throw new ValidationError("Send the request as JSON.");
  }
  return request.json().catch(() => {
    throw new ValidationError("The request body is not valid JSON.");
  });
}

export interface RouteContext<P> {
  params: Promise<P>;
}

/**
 * A JSON route handler (POST with a JSON body) through the same pipeline: the session is checked
 * before the body is read; the body's result is sent as JSON (no-store), errors as lib/errors maps them.
 */
export function jsonRoute<S extends z.ZodType, T, P = Record<string, string>>(
  spec: ActionSpec<S>,
  body: Body<S, T, { request: Request; params: P }>,
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      const { input, actor } = await authorize(spec, () => readJsonBody(request));
      const result = await body(input, actor, { request, params: await context.params });
      return Response.json(result, { headers: { "cache-control": "no-store" } });
    } catch (error) {
      return toHttpResponse(error);
    }
  };
}

/**
 * A route handler whose body is a stream the handler reads itself (an image upload): the same
 * pipeline without a zod-parsed JSON body — the session and role are checked before a byte of the
 * body is read, the handler gets the request to stream from (and validates what it reads), and
 * whatever it throws is mapped by lib/errors. `status` picks the success status from the result.
 */
export function streamRoute<T, P = Record<string, string>>(
  spec: { role: RoleName; status?: (result: T) => number },
  body: (request: Request, actor: Actor, params: P) => Promise<T>,
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      const actor = await requireUser(spec.role);
      const result = await body(request, actor, await context.params);
      return Response.json(result, { status: spec.status?.(result) ?? 200, headers: { "cache-control": "no-store" } });
    } catch (error) {
      // The client may still be sending: stop reading what nobody will look at.
      await request.body?.cancel().catch(() => {});
      return toHttpResponse(error);
    }
  };
}
