import { describe, expect, it } from "vitest";
import { formatInZone, instantToWallTime, newsroomTimeZone, wallTimeToInstant } from "./time-zone";

describe("newsroom time zone", () => {
  it("reads NEWSROOM_TIME_ZONE, falling back to UTC for a missing or unknown zone", () => {
    expect(newsroomTimeZone({ NEWSROOM_TIME_ZONE: "Europe/London" })).toBe("Europe/London");
    expect(newsroomTimeZone({ NEWSROOM_TIME_ZONE: "Mars/Olympus" })).toBe("UTC");
    expect(newsroomTimeZone({})).toBe("UTC");
  });

  it("turn a newsroom wall time into the instant, in winter and summer", () => {
    expect(wallTimeToInstant("2026-12-02T06:00", "Europe/London")!.toISOString()).toBe("2026-12-02T06:00:00.000Z");
    expect(wallTimeToInstant("2026-07-02T06:00", "Europe/London")!.toISOString()).toBe("2026-07-02T05:00:00.000Z");
    expect(wallTimeToInstant("2026-07-02T06:00", "America/New_York")!.toISOString()).toBe("2026-07-02T10:00:00.000Z");
    expect(wallTimeToInstant("2026-12-02T06:00", "Asia/Kolkata")!.toISOString()).toBe("2026-12-02T00:30:00.000Z");
  });

  it("take the first of the repeated autumn hour and read the spring gap with the earlier offset", () => {
    expect(wallTimeToInstant("2026-10-25T01:30", "Europe/London")!.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    const gap = wallTimeToInstant("2026-03-29T01:30", "Europe/London")!;
    expect(gap.toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });

  it("refuse what is not a wall time", () => {
    expect(wallTimeToInstant("2026-02-30T06:00", "UTC")).toBeNull();
    expect(wallTimeToInstant("tomorrow at six", "UTC")).toBeNull();
    expect(wallTimeToInstant("2026-12-02T25:00", "UTC")).toBeNull();
  });

  it("round-trip and format in a zone", () => {
    const instant = new Date("2026-07-02T05:00:00Z");
    expect(instantToWallTime(instant, "Europe/London")).toBe("2026-07-02T06:00");
    expect(formatInZone(instant, "Europe/London")).toMatch(/06:00 BST/);
  });
});
