import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/users";
import { db, disconnectDatabase } from "@/lib/db";
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
  it("pages newest first, filters by action and clamps the page number", async () => {
    const action = uniqueAction("paging");
    const other = uniqueAction("other");
    const base = Date.parse("2030-01-01T00:00:00Z");
    for (let i = 0; i < 5; i++) {
      await db.auditEvent.create({ data: { action, at: new Date(base + i * 1000), details: { n: i } } });
    }
    await db.auditEvent.create({ data: { action: other, at: new Date(base + 10_000) } });

    const first = await listAuditEvents({ action, pageSize: 2 });
    expect(first).toMatchObject({ total: 5, page: 1, pageCount: 3 });
    expect(first.events.map((e) => (e.details as { n: number }).n)).toEqual([4, 3]);
    const last = await listAuditEvents({ action, pageSize: 2, page: 3 });
    expect(last.events.map((e) => (e.details as { n: number }).n)).toEqual([0]);
    expect((await listAuditEvents({ action, pageSize: 2, page: 99 })).page).toBe(3);
    expect((await listAuditEvents({ action, pageSize: 2, page: -4 })).page).toBe(1);

    // No filter means everything, newest first: the "other" event is the newest of all here.
    const all = await listAuditEvents({ action: null, pageSize: 1 });
    expect(all.total).toBeGreaterThanOrEqual(6);
    expect(all.events[0].action).toBe(other);
    expect(await listAuditActions()).toEqual(expect.arrayContaining([action, other]));
  });
});
