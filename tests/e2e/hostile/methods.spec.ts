import { expect, test } from "../fixtures";
import { rawRequest } from "./raw-request";

/**
 * No method makes a route answer 500, except TRACE (below). A page answers 405 to a method it
 * does not serve (middleware.ts), a route handler 405 or 204 (OPTIONS) by Next's own rules, and
 * Node's parser refuses an unknown method with 400.
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
];
const METHODS = ["OPTIONS", "PROPFIND", "FOO", "PUT", "PATCH", "DELETE", "HEAD"];

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

// Next builds a WHATWG Request before any template code runs, and fetch forbids TRACE ("'TRACE'
// HTTP method is unsupported"): Next answers 500 "Internal Server Error", no stack in the body.
// Should this fail, Next has fixed it: move TRACE into METHODS above.
test("TRACE: Next's own 500 before the template runs, with nothing of the stack", async () => {
  for (const path of ["/api/django/me/", "/api/health", "/login"]) {
    const reply = await rawRequest(path, { method: "TRACE" });
    expect(reply.status, path).toBe(500);
    expect(reply.body).toBe("Internal Server Error");
  }
});
