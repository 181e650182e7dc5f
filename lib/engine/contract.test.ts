import { readFileSync } from "node:fs";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { ERROR_STATUS, parseRefreshSuccess, readLimitReason } from "./contract";

// The refresh answer as a zod schema: the hand-written check must agree with it exactly.
const oracle = z.object({
  status: z.enum(["refreshed", "reused", "fresh"]),
  accessExpires: z.number(),
  refreshExpires: z.number(),
  sessionEndsAt: z.number().nullable().optional(),
  idleEndsAt: z.number().nullable().optional(),
});

const BODIES: unknown[] = [
  { status: "refreshed", accessExpires: 1, refreshExpires: 2 },
  { status: "reused", accessExpires: 1.5, refreshExpires: 2, extra: "dropped" },
  { status: "fresh", accessExpires: 0, refreshExpires: -1, sessionEndsAt: 5, idleEndsAt: null },
  { status: "fresh", accessExpires: 0, refreshExpires: 1, sessionEndsAt: "5" },
  { status: "fresh", accessExpires: 0, refreshExpires: 1, idleEndsAt: Number.NaN },
  { status: "rotated", accessExpires: 1, refreshExpires: 2 },
  { status: "refreshed", accessExpires: "1", refreshExpires: 2 },
  { status: "refreshed", accessExpires: 1 },
  { status: "refreshed", accessExpires: 1, refreshExpires: null },
  { status: "refreshed", accessExpires: Number.NaN, refreshExpires: 2 },
  { status: "refreshed", accessExpires: Number.POSITIVE_INFINITY, refreshExpires: 2 },
  { error: "session_expired" },
  [{ status: "refreshed", accessExpires: 1, refreshExpires: 2 }],
  Object.assign([], { status: "refreshed", accessExpires: 1, refreshExpires: 2 }),
  "refreshed",
  null,
  undefined,
  42,
];

describe("the wire contract", () => {
  it("stays browser-safe and small: it imports nothing", () => {
    const source = readFileSync(new URL("./contract.ts", import.meta.url), "utf8");
    expect(source).not.toMatch(/^import /m);
  });

  it.each(BODIES.map((body) => [JSON.stringify(body) ?? String(body), body]))(
    "reads the refresh answer %s exactly as its zod schema would",
    (_label, body) => {
      const expected = oracle.safeParse(body);
      expect(parseRefreshSuccess(body)).toEqual(expected.success ? expected.data : null);
    },
  );

  it("reads a session limit's reason from a 401, and nothing else", () => {
    expect(readLimitReason({ error: "session_expired", reason: "idle_timeout" })).toBe(
      "idle_timeout",
    );
    expect(readLimitReason({ error: "session_expired", reason: "session_limit" })).toBe(
      "session_limit",
    );
    expect(readLimitReason({ error: "session_expired", reason: "bored" })).toBeUndefined();
    expect(readLimitReason({ error: "upstream_unavailable", reason: "idle_timeout" })).toBe(
      undefined,
    );
    expect(readLimitReason(null)).toBeUndefined();
  });

  it("gives every error code an HTTP error status", () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
  });
});
