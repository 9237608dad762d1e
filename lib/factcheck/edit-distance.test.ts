import { describe, expect, it } from "vitest";
import { MAX_NAME_LENGTH, nameDeletionKeys, withinNameEdits } from "./edit-distance";

describe("name deletion keys", () => {
  it("lets a long real name vary by two letters", () => {
    const name = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch";
    expect(name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    expect(withinNameEdits(name, name.replace("gogogoch", "gogogch"))).toBe(true);
    expect(nameDeletionKeys(name).length).toBeGreaterThan(name.length);
  });

  it("gives a run of glued words longer than any name only itself, not keys growing with the square of its length", () => {
    const run = "PhoenixStadeZürich".repeat(17);
    expect(run.length).toBeGreaterThan(MAX_NAME_LENGTH);
    expect(nameDeletionKeys(run)).toEqual([run.toLowerCase()]);
    expect(withinNameEdits(run, run.slice(1))).toBe(false);
  });
});
