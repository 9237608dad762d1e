import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/users";
import { db, disconnectDatabase } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { listAuditActions, listAuditEvents, recordAudit } from "./index";

afterAll(() => disconnectDatabase());

const uniqueAction = (label: string) => `test.${label}.${randomBytes(4).toString("hex")}`;

describe("recordAudit", () => {
  it("stores the event with its actor, target and details", async () => {
    const actor = await createUser({ email: `audit-${randomBytes(4).toString("hex")}@test.example`, name: "Auditor", role: "editor", password: "a long enough password" });
    const action = uniqueAction("save");
    await recordAudit(db, { actorId: actor.id, action, targetType: "article", targetId: "a1", details: { version: 3 } });
    const page = await listAuditEvents({ action });
    expect(page.total).toBe(1);
    expect(page.events[0]).toMatchObject({
      action,
      actor: { id: actor.id, email: actor.email, name: "Auditor" },
      targetType: "article",
      targetId: "a1",
      details: { version: 3 },
    });
  });

  it("is written or rolled back together with the change it describes", async () => {
    const action = uniqueAction("rollback");
    await expect(
      db.$transaction(async (tx) => {
        await recordAudit(tx, { actorId: null, action });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect((await listAuditEvents({ action })).total).toBe(0);

    await db.$transaction((tx) => recordAudit(tx, { actorId: null, action }));
    expect((await listAuditEvents({ action })).total).toBe(1);
  });
});

describe("listAuditEvents", () => {
  it("pages newest first with keyset cursors and filters by action", async () => {
    const action = uniqueAction("paging");
    const other = uniqueAction("other");
    const base = Date.parse("2030-01-01T00:00:00Z");
    for (let i = 0; i < 5; i++) {
      await db.auditEvent.create({ data: { action, at: new Date(base + i * 1000), details: { n: i } } });
    }
    await db.auditEvent.create({ data: { action: other, at: new Date(base + 10_000) } });
    const numbers = (page: { events: Array<{ details: unknown }> }) => page.events.map((e) => (e.details as { n: number }).n);

    const first = await listAuditEvents({ action, pageSize: 2 });
    expect(first).toMatchObject({ total: 5, totalIsBound: false, previous: null });
    expect(numbers(first)).toEqual([4, 3]);
    const second = await listAuditEvents({ action, pageSize: 2, after: first.next });
    expect(numbers(second)).toEqual([2, 1]);
    const last = await listAuditEvents({ action, pageSize: 2, after: second.next });
    expect(numbers(last)).toEqual([0]);
    expect(last.next).toBeNull();
    expect(numbers(await listAuditEvents({ action, pageSize: 2, before: last.previous }))).toEqual([2, 1]);
    expect(numbers(await listAuditEvents({ action, pageSize: 2, before: second.previous }))).toEqual([4, 3]);
    await expect(listAuditEvents({ after: "garbage" })).rejects.toBeInstanceOf(ValidationError);

    // No filter means everything, newest first: the "other" event is the newest of all here.
    const all = await listAuditEvents({ action: null, pageSize: 1 });
    expect(all.total).toBeGreaterThanOrEqual(6);
    expect(all.events[0].action).toBe(other);
    expect(await listAuditActions()).toEqual(expect.arrayContaining([action, other]));
  });
});
