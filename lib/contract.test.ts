import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ERROR_STATUS,
  errorBodySchema,
  refreshRequestSchema,
  refreshSuccessSchema,
} from "./contract";

describe("the wire contract", () => {
  it("stays browser-safe and small: its only import is zod/mini", () => {
    const source = readFileSync(new URL("./contract.ts", import.meta.url), "utf8");
    const imports = [...source.matchAll(/from "([^"]+)"/g)].map((match) => match[1]);
    expect(imports).toEqual(["zod/mini"]);
  });

  it("reads the refresh answer and refuses anything else", () => {
    const body = { status: "reused", accessExpires: 1, refreshExpires: 2 };
    expect(refreshSuccessSchema.safeParse(body).success).toBe(true);
    expect(refreshSuccessSchema.safeParse({ ...body, status: "rotated" }).success).toBe(false);
    expect(refreshRequestSchema.safeParse({ accessRejected: true }).success).toBe(true);
    expect(refreshRequestSchema.safeParse({ accessRejected: true, extra: 1 }).success).toBe(false);
  });

  it("gives every error code an HTTP error status", () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(errorBodySchema.safeParse({ error: code }).success).toBe(true);
    }
    expect(errorBodySchema.safeParse({ error: "nope" }).success).toBe(false);
  });
});
