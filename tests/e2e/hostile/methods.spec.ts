import { expect, test } from "../fixtures";
import { rawRequest } from "./raw-request";

/**
 * No method makes a route answer 500. Where the template answers, a method a route does not
 * serve is 405; what Next answers before the template runs is recorded in docs/security.md.
 */
const PATHS = [
  "/api/django/me/",
  "/api/django/a%20b/",
  "/api/auth/session",
  "/api/auth/callback/credentials",
  "/api/auth/refresh",
  "/api/health",
  "/",
  "/login",
  "/dashboard",
  "/dashboard/session",
];
const METHODS = ["TRACE", "OPTIONS", "PROPFIND", "FOO", "PUT", "PATCH", "DELETE", "HEAD"];

test.describe("hostile: any method on any route", () => {
  for (const path of PATHS) {
    test(`${path}: no 500 for ${METHODS.join(", ")}`, async () => {
      const answers: Record<string, number> = {};
      for (const method of METHODS) answers[method] = (await rawRequest(path, { method })).status;
      console.log(`[methods] ${path} ${JSON.stringify(answers)}`);
      for (const [method, status] of Object.entries(answers)) {
        expect(status, `${method} ${path}`).toBeGreaterThanOrEqual(200);
        expect(status, `${method} ${path}`).toBeLessThan(500);
      }
    });
  }
});
