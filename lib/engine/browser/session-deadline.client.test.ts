import { describe, expect, it } from "vitest";
import { formatRemaining, nextDeadline } from "./session-deadline.client";

describe("session deadline", () => {
  it("picks the limit that ends the session first", () => {
    expect(nextDeadline({ sessionEndsAt: 100, idleEndsAt: 50 })).toEqual({
      reason: "idle_timeout",
      endsAt: 50,
    });
    expect(nextDeadline({ sessionEndsAt: 50, idleEndsAt: null })).toEqual({
      reason: "session_limit",
      endsAt: 50,
    });
    expect(nextDeadline({ sessionEndsAt: null, idleEndsAt: null })).toBeNull();
  });

  it("counts down in m:ss, rounding up", () => {
    expect(formatRemaining(119_001)).toBe("2:00");
    expect(formatRemaining(119_000)).toBe("1:59");
    expect(formatRemaining(5_500)).toBe("0:06");
    expect(formatRemaining(-1)).toBe("0:00");
  });
});
