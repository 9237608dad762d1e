import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  parseInput,
  RateLimitedError,
  runAction,
  setUnexpectedErrorLogger,
  toActionResult,
  toHttpResponse,
  UnauthenticatedError,
  ValidationError,
} from "./index";

const schema = z.object({
  headline: z.string().min(1, "Enter a headline."),
  photos: z.array(z.object({ caption: z.string().min(1, "Enter a caption.") })),
});

function zodError() {
  const result = schema.safeParse({ headline: "", photos: [{ caption: "ok" }, { caption: "" }] });
  if (result.success) throw new Error("expected the sample input to be invalid");
  return result.error;
}

let logged: unknown[] = [];
let restoreLogger = setUnexpectedErrorLogger((message, error) => logged.push([message, error]));
afterEach(() => {
  logged = [];
  restoreLogger();
  restoreLogger = setUnexpectedErrorLogger((message, error) => logged.push([message, error]));
});

describe("toHttpResponse", () => {
  it("maps a ZodError to 422 with field errors keyed by dotted path", async () => {
    const response = toHttpResponse(zodError());
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.fieldErrors).toEqual({ headline: ["Enter a headline."], "photos.1.caption": ["Enter a caption."] });
    expect(body.error).toBe("Check the highlighted fields.");
    expect(body).not.toHaveProperty("ok");
  });

  it.each([
    [new UnauthenticatedError(), 401, "Sign in to continue."],
    [new ForbiddenError(), 403, "You do not have permission to do that."],
    [new NotFoundError("No such article."), 404, "No such article."],
    [new RateLimitedError("Slow down.", 90), 429, "Slow down."],
  ])("maps %s to its status and message", async (error, status, message) => {
    const response = toHttpResponse(error);
    expect(response.status).toBe(status);
    expect((await response.json()).error).toBe(message);
    expect(logged).toEqual([]);
  });

  it("sends a conflict's details with 409", async () => {
    const details = { by: "Ann Editor", at: "2025-01-01T10:00:00Z", version: 7 };
    const response = toHttpResponse(new ConflictError("Someone saved first.", details));
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: "Someone saved first.", conflict: details });
  });

  it("adds Retry-After to a 429", () => {
    expect(toHttpResponse(new RateLimitedError("Slow down.", 89.2)).headers.get("retry-after")).toBe("90");
  });

  it("hides unexpected errors behind a generic 500 and logs the details", async () => {
    const secret = new Error("connect ECONNREFUSED 10.0.0.5:5432 password=hunter2");
    const response = toHttpResponse(secret);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain("ECONNREFUSED");
    expect(text).not.toContain("hunter2");
    expect(JSON.parse(text).error).toMatch(/^Something went wrong\. Please try again\. \(ref [a-z0-9]+\)$/);
    expect(logged).toHaveLength(1);
    expect((logged[0] as unknown[])[1]).toBe(secret);
    // The reference in the response is the one in the log line, so support can find it.
    const reference = JSON.parse(text).error.match(/ref ([a-z0-9]+)/)[1];
    expect((logged[0] as string[])[0]).toContain(reference);
  });

  it("treats Prisma's record-not-found as 404", async () => {
    const prismaError = Object.assign(new Error("No record was found for an update."), { name: "PrismaClientKnownRequestError", code: "P2025" });
    expect(toHttpResponse(prismaError).status).toBe(404);
    const otherPrismaError = Object.assign(new Error("Unique constraint failed"), { name: "PrismaClientKnownRequestError", code: "P2002" });
    expect(toHttpResponse(otherPrismaError).status).toBe(500);
  });
});

describe("toActionResult and runAction", () => {
  it("returns ok with the data when the body succeeds", async () => {
    expect(await runAction(async () => 42)).toEqual({ ok: true, data: 42 });
  });

  it("turns a thrown ValidationError into field errors", async () => {
    const result = await runAction(async () => parseInput(schema, { headline: "", photos: [] }));
    expect(result).toEqual({
      ok: false,
      status: 422,
      error: "Check the highlighted fields.",
      fieldErrors: { headline: ["Enter a headline."] },
    });
  });

  it("lets Next.js control-flow errors (redirect, notFound) through", async () => {
    const redirect = Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/login;307;" });
    await expect(runAction(async () => { throw redirect; })).rejects.toBe(redirect);
  });

  it("carries conflict details and retry hints", () => {
    expect(toActionResult(new ConflictError(undefined, { version: 3 }))).toMatchObject({ status: 409, conflict: { version: 3 } });
    expect(toActionResult(new RateLimitedError("Wait.", 30))).toMatchObject({ status: 429, retryAfterSeconds: 30 });
  });

  it("puts errors about the whole input under the empty key and uses them as the message", () => {
    const refined = z.object({ a: z.string(), b: z.string() }).refine((v) => v.a !== v.b, "A and B must differ.");
    const error = ValidationError.fromZod(refined.safeParse({ a: "x", b: "x" }).error!);
    expect(error.message).toBe("A and B must differ.");
    expect(error.fieldErrors).toEqual({ "": ["A and B must differ."] });
  });
});
