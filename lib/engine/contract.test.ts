import { readFileSync } from "node:fs";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import {
  ERROR_STATUS,
  parseRefreshSuccess,
  readDjangoRefusal,
  readRefreshRefusal,
  readSessionEndReason,
} from "./contract";

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
    expect(readSessionEndReason({ error: "session_expired", reason: "idle_timeout" })).toBe(
      "idle_timeout",
    );
    expect(readSessionEndReason({ error: "session_expired", reason: "session_limit" })).toBe(
      "session_limit",
    );
    expect(readSessionEndReason({ error: "session_expired", reason: "bored" })).toBeUndefined();
    expect(readSessionEndReason({ error: "upstream_unavailable", reason: "idle_timeout" })).toBe(
      undefined,
    );
    expect(readSessionEndReason(null)).toBeUndefined();
  });

  it("reads Django's refusal of the user as a reason of the contract", () => {
    expect(readSessionEndReason({ error: "session_expired", reason: "password_changed" })).toBe(
      "password_changed",
    );
    expect(readSessionEndReason({ error: "session_expired", reason: "account_deactivated" })).toBe(
      "account_deactivated",
    );
  });

  it("keys Django's refusal on `code`, never on the `detail` text", () => {
    const refusal = (code: unknown, detail = "anything") => readDjangoRefusal({ detail, code });
    expect(refusal("no_active_account")).toBe("account_deactivated");
    expect(refusal("user_inactive")).toBe("account_deactivated");
    expect(refusal("user_not_found")).toBe("account_deactivated");
    expect(refusal("password_changed")).toBe("password_changed");
    // A dead token is no refusal of the user, whatever simplejwt version worded it.
    expect(refusal("token_not_valid", "Token is expired")).toBeUndefined();
    expect(refusal("token_not_valid", "User is inactive")).toBeUndefined();
    expect(refusal("toString")).toBeUndefined();
    expect(readDjangoRefusal({ detail: "No active account found for the given token." })).toBe(
      undefined,
    );
    expect(readDjangoRefusal(["no_active_account"])).toBeUndefined();
  });

  it("reads a refresh 401 without a code as simplejwt 5.4+'s inactive user", () => {
    const body = { detail: "No active account found for the given token." };
    expect(readRefreshRefusal(body)).toBe("account_deactivated");
    expect(readRefreshRefusal({ detail: "Token is blacklisted", code: "token_not_valid" })).toBe(
      undefined,
    );
    expect(readRefreshRefusal({ detail: "x", code: "password_changed" })).toBe("password_changed");
    expect(readRefreshRefusal("<html>")).toBeUndefined();
    expect(readRefreshRefusal({})).toBeUndefined();
  });

  it("gives every error code an HTTP error status", () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
  });
});
