import { expect, test } from "../fixtures";
import { APP_URL } from "../support/servers";
import { cookieHeader, rawRequest } from "./raw-request";

/**
 * Paths sent byte for byte after /api/django/: one line of input → what answers.
 * "400": the proxy refuses the path. "next 404": Next.js resolved the dot segments itself and no
 * route matched, so neither the proxy nor Django saw it. "django 404": Django does not know a
 * path inside the API root. "308 <path>": Next.js collapses "//" into a same-origin path.
 * "echo <path>": the test echo view, with the path Django saw.
 */
const PATH_CASES: [path: string, outcome: string][] = [
  ["..%2F..%2Fadmin/", "400"],
  ["%2E%2E%2Fadmin/", "400"],
  ["notes/..%2F..%2F..%2Fetc/passwd", "400"],
  ["%2f%2fevil.example/", "400"],
  ["notes/%2F%2Fevil.example/", "400"],
  ["a%5c..%5cb", "400"],
  ["%5C%5Cevil.example/", "400"],
  ["http:%2F%2Fevil.example/", "400"],
  ["%E0%A4%A", "400"],
  ["%2e%2e/admin/", "next 404"],
  ["..;/admin/", "django 404"],
  ["_test/echo%3Fsecret=1/", "django 404"],
  ["_test/echo%23fragment/", "django 404"],
  ["notes//evil.example/", "308 /api/django/notes/evil.example/"],
  ["http://evil.example/", "308 /api/django/http:/evil.example/"],
  ["_test/echo/?x=%2F..%2F", "echo /api/_test/echo/"],
  ["_test/%65cho/", "echo /api/_test/echo/"],
];

test.describe("hostile: proxy paths", () => {
  test.beforeEach(async ({ signIn }) => signIn());

  for (const [path, outcome] of PATH_CASES) {
    test(`/api/django/${path} → ${outcome}`, async ({ context }) => {
      const reply = await rawRequest(`/api/django/${path}`, {
        headers: { cookie: await cookieHeader(context) },
      });
      const [status, detail] = outcome.split(" ");
      const isFromProxy = reply.headers["content-security-policy"] === "sandbox";
      if (status === "400") {
        expect(reply.status).toBe(400);
        expect(JSON.parse(reply.body)).toEqual({ error: "invalid_path" });
      } else if (status === "next") {
        expect(reply.status).toBe(404);
        expect(isFromProxy).toBe(false);
      } else if (status === "django") {
        expect(reply.status).toBe(404);
        expect(isFromProxy).toBe(true);
      } else if (status === "308") {
        expect(reply.status).toBe(308);
        expect(reply.headers.location).toBe(detail);
      } else {
        expect(reply.status).toBe(200);
        expect(JSON.parse(reply.body)).toMatchObject({ path: detail });
      }
    });
  }
});

test.describe("hostile: proxy headers", () => {
  test.beforeEach(async ({ signIn }) => signIn());

  test("the browser's own Cookie and Authorization never reach Django", async ({ context }) => {
    const reply = await rawRequest("/api/django/_test/echo/", {
      headers: {
        cookie: `${await cookieHeader(context)}; sessionid=browser-session; csrftoken=abc`,
        authorization: "Bearer forged-by-the-page",
      },
    });
    expect(reply.status).toBe(200);
    // A forged bearer token would make Django answer 401: the proxy sent the session's own.
    expect(JSON.parse(reply.body)).toMatchObject({
      cookie_forwarded: false,
      auth_scheme: "Bearer",
    });
  });

  test("a forged Host cannot point the proxy anywhere but DJANGO_API_URL", async ({ context }) => {
    const reply = await rawRequest("/api/django/_test/echo/", {
      headers: { cookie: await cookieHeader(context), host: "evil.example" },
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ path: "/api/_test/echo/" });
  });

  test("X-Forwarded-Host as a list: the first entry is our host", async ({ context }) => {
    const reply = await rawRequest("/api/django/_test/echo/", {
      method: "POST",
      headers: {
        cookie: await cookieHeader(context),
        origin: APP_URL,
        "x-forwarded-host": `${new URL(APP_URL).host}, internal.lb`,
        "content-type": "application/json",
        "content-length": "2",
      },
      body: "{}",
    });
    expect(reply.status).toBe(200);
  });

  test("X-Forwarded-Host naming another host than Origin is refused", async ({ context }) => {
    const reply = await rawRequest("/api/django/_test/echo/", {
      method: "POST",
      headers: {
        cookie: await cookieHeader(context),
        origin: APP_URL,
        "x-forwarded-host": "app.example, internal.lb",
        "content-length": "0",
      },
    });
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body)).toEqual({ error: "forbidden_origin" });
  });
});
