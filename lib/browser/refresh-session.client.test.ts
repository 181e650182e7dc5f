import { z } from "zod";
import { describe, expect, it } from "vitest";
import { parseRefreshSuccess } from "./refresh-session.client";

// The schema the browser used before (zod): the hand-written check must agree with it exactly.
const oracle = z.object({
  status: z.enum(["refreshed", "reused", "fresh"]),
  accessExpires: z.number(),
  refreshExpires: z.number(),
});

const BODIES: unknown[] = [
  { status: "refreshed", accessExpires: 1, refreshExpires: 2 },
  { status: "reused", accessExpires: 1.5, refreshExpires: 2, extra: "dropped" },
  { status: "fresh", accessExpires: 0, refreshExpires: -1 },
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

describe("parseRefreshSuccess", () => {
  it.each(BODIES.map((body) => [JSON.stringify(body) ?? String(body), body]))(
    "%s: same verdict and data as the zod schema it replaces",
    (_label, body) => {
      const expected = oracle.safeParse(body);
      expect(parseRefreshSuccess(body)).toEqual(expected.success ? expected.data : null);
    },
  );
});
