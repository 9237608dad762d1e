import { z } from "zod";

/**
 * The one place errors become HTTP responses and server-action results. Domain code throws these
 * classes (or lets a ZodError escape); route handlers end in `toHttpResponse`, server actions in
 * `toActionResult` (or use `runAction`). Anything unexpected becomes a generic 500 whose details
 * go to the server log only.
 */

export type FieldErrors = Record<string, string[]>;

export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | {
      ok: false;
      status: number;
      error: string;
      fieldErrors?: FieldErrors;
      conflict?: unknown;
      retryAfterSeconds?: number;
    };

/**
 * A server action as a client component receives it (as a prop, from the page that imports it):
 * it takes the plain object the component builds and answers with an ActionResult.
 */
export type ServerAction<T> = (input: unknown) => Promise<ActionResult<T>>;

/** Base class for errors whose message is safe to show to the person who caused them. */
export abstract class AppError extends Error {
  abstract readonly status: number;
}

export class ValidationError extends AppError {
  readonly status = 422;
  readonly fieldErrors: FieldErrors;

  constructor(message = "Check the highlighted fields.", fieldErrors: FieldErrors = {}) {
    super(message);
    this.name = "ValidationError";
    this.fieldErrors = fieldErrors;
  }

  /** Field errors keyed by the dotted path ("photos.0.caption"); errors about the whole form under "". */
  static fromZod(error: z.ZodError, message?: string): ValidationError {
    const fieldErrors: FieldErrors = {};
    for (const issue of error.issues) {
      const key = issue.path.map(String).join(".");
      (fieldErrors[key] ??= []).push(issue.message);
    }
    const formLevel = fieldErrors[""];
    return new ValidationError(message ?? formLevel?.[0] ?? "Check the highlighted fields.", fieldErrors);
  }

  /** A single field's error, e.g. a rule the schema cannot express ("email already used"). */
  static forField(field: string, message: string): ValidationError {
    return new ValidationError(message, { [field]: [message] });
  }
}

export class UnauthenticatedError extends AppError {
  readonly status = 401;
  constructor(message = "Sign in to continue.") {
    super(message);
    this.name = "UnauthenticatedError";
  }
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  constructor(message = "You do not have permission to do that.") {
    super(message);
    this.name = "ForbiddenError";
  }
}

export class NotFoundError extends AppError {
  readonly status = 404;
  constructor(message = "Not found.") {
    super(message);
    this.name = "NotFoundError";
  }
}

/** Someone else changed the thing first (stale version). `details` says who, when and which version. */
export class ConflictError extends AppError {
  readonly status = 409;
  readonly details: unknown;
  constructor(message = "Someone else changed this in the meantime.", details?: unknown) {
    super(message);
    this.name = "ConflictError";
    this.details = details;
  }
}

/** The request body is larger than this endpoint accepts. */
export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  constructor(message = "This is too large to accept.") {
    super(message);
    this.name = "PayloadTooLargeError";
  }
}

export class RateLimitedError extends AppError {
  readonly status = 429;
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.name = "RateLimitedError";
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

const GENERIC_MESSAGE = "Something went wrong. Please try again.";

function isPrismaCode(error: unknown, code: string): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { name?: unknown }).name === "PrismaClientKnownRequestError" &&
    (error as { code?: unknown }).code === code
  );
}

/** Turns anything thrown into a known AppError, or null when it is unexpected (a bug, an outage). */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) return ValidationError.fromZod(error);
  // P2025: an update/delete found no record, e.g. it was deleted meanwhile.
  if (isPrismaCode(error, "P2025")) return new NotFoundError();
  return null;
}

type Logger = (message: string, error: unknown) => void;
let logUnexpected: Logger = (message, error) => console.error(message, error);

/** For tests: capture what would be logged. Returns a function restoring the previous logger. */
export function setUnexpectedErrorLogger(logger: Logger): () => void {
  const previous = logUnexpected;
  logUnexpected = logger;
  return () => {
    logUnexpected = previous;
  };
}

function reportUnexpected(error: unknown): string {
  const reference = Math.random().toString(36).slice(2, 10);
  logUnexpected(`[copydesk] unexpected error (ref ${reference})`, error);
  return reference;
}

export function toActionResult(error: unknown): Extract<ActionResult<never>, { ok: false }> {
  const known = toAppError(error);
  if (!known) {
    const reference = reportUnexpected(error);
    return { ok: false, status: 500, error: `${GENERIC_MESSAGE} (ref ${reference})` };
  }
  const result: Extract<ActionResult<never>, { ok: false }> = { ok: false, status: known.status, error: known.message };
  if (known instanceof ValidationError) result.fieldErrors = known.fieldErrors;
  if (known instanceof ConflictError && known.details !== undefined) result.conflict = known.details;
  if (known instanceof RateLimitedError) result.retryAfterSeconds = known.retryAfterSeconds;
  return result;
}

/** JSON error response: `{ error, fieldErrors?, conflict? }` with the matching status. */
export function toHttpResponse(error: unknown): Response {
  const { status, retryAfterSeconds, error: message, fieldErrors, conflict } = toActionResult(error);
  const body = { error: message, fieldErrors, conflict };
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (retryAfterSeconds !== undefined) headers["retry-after"] = String(retryAfterSeconds);
  if (status === 401) headers["www-authenticate"] = 'Session realm="copydesk"';
  return Response.json(body, { status, headers });
}

/**
 * Errors Next.js uses for control flow (redirect(), notFound(), dynamic rendering bail-outs) carry a
 * `digest`; they must propagate rather than be turned into a result.
 */
function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return (
    typeof digest === "string" &&
    (digest.startsWith("NEXT_") || digest === "DYNAMIC_SERVER_USAGE" || digest === "BAILOUT_TO_CLIENT_SIDE_RENDERING")
  );
}

/** Runs a server action body and maps what it throws to an ActionResult. */
export async function runAction<T>(body: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await body() };
  } catch (error) {
    if (isNextControlFlow(error)) throw error;
    return toActionResult(error);
  }
}

/** Parses input with a zod schema, throwing a ValidationError (422) with field errors on failure. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw ValidationError.fromZod(result.error);
  return result.data;
}
