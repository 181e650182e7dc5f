import { request as httpRequest } from "node:http";
import { expect, test } from "./fixtures";
import { APP_URL } from "./support/servers";
import { readSession, waitForAccessExpiry } from "./support/session-cookie";

test.describe("Django proxy", () => {
  test.beforeEach(async ({ signIn }) => signIn());

  test("forwards method, body, content type, query string and trailing slash", async ({ page }) => {
    const echo = await page.request.post("/api/django/_test/echo/?a=1&b=two%20words&c=1%2B1", {
      data: { hello: "world" },
    });
    expect(echo.status()).toBe(200);
    const received = await echo.json();
    // Next.js re-serializes the query ("%20" may arrive as "+"): the same values for Django.
    expect(Object.fromEntries(new URLSearchParams(received.query))).toEqual({
      a: "1",
      b: "two words",
      c: "1+1",
    });
    expect(received).toEqual({
      method: "POST",
      path: "/api/_test/echo/",
      query: received.query,
      cookie_forwarded: false,
      auth_scheme: "Bearer",
      content_type: "application/json",
      body: JSON.stringify({ hello: "world" }),
    });
  });

  test("passes Django's statuses and bodies through", async ({ page }) => {
    const created = await page.request.post("/api/django/notes/", {
      data: { text: "through the proxy" },
    });
    expect(created.status()).toBe(201);
    expect(await created.json()).toMatchObject({ text: "through the proxy" });

    const list = await page.request.get("/api/django/notes/");
    expect(await list.json()).toEqual([expect.objectContaining({ text: "through the proxy" })]);

    const invalid = await page.request.post("/api/django/notes/", { data: { text: "" } });
    expect(invalid.status()).toBe(400);
    expect(await invalid.json()).toEqual({ text: ["This field may not be blank."] });
    expect(invalid.headers()["set-cookie"]).toBeUndefined();
  });

  test.describe(() => {
    test.use({ firstAccessLifetimeS: 5 });

    test("Django's 401 for an expired access token reaches the client as 401", async ({
      page,
      context,
    }) => {
      await waitForAccessExpiry(context);
      const response = await page.request.get("/api/django/me/");
      expect(response.status()).toBe(401);
      expect(await response.json()).toMatchObject({ code: "token_not_valid" });
    });
  });

  test("cannot be steered outside DJANGO_API_URL", async ({ page }) => {
    // (A literal "%2e%2e" is already resolved by the URL parser before it reaches the proxy.)
    for (const path of [
      "..%2F..%2Fadmin/",
      "notes/%2F%2Fevil.example/",
      "a%5C..%5Cb",
      "%2E%2E%2Fadmin/",
    ]) {
      const response = await page.request.get(`/api/django/${path}`);
      expect(response.status(), path).toBe(400);
      expect(await response.json()).toEqual({ error: "invalid_path" });
    }
  });

  test("rejects cross-site unsafe requests", async ({ page }) => {
    for (const url of ["/api/django/notes/", "/api/auth/refresh"]) {
      const response = await page.request.post(url, {
        data: { text: "csrf" },
        headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
      });
      expect(response.status(), url).toBe(403);
      expect(await response.json()).toEqual({ error: "forbidden_origin" });
    }
    const notes = await page.request.get("/api/django/notes/");
    expect(await notes.json()).toEqual([]);
  });

  test("refuses a body it cannot bound before Django sees it", async ({ page, context }) => {
    const tooLarge = await page.request.post("/api/django/notes/", {
      data: Buffer.alloc(10 * 1024 * 1024 + 1, "a"),
      headers: { "Content-Type": "text/plain" },
    });
    expect(tooLarge.status()).toBe(413);
    expect(await tooLarge.json()).toEqual({ error: "payload_too_large" });

    // Browsers always send Content-Length; a chunked body can only come from another client.
    const cookie = (await context.cookies())
      .map(({ name, value }) => `${name}=${value}`)
      .join("; ");
    const chunked = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const request = httpRequest(`${APP_URL}/api/django/notes/`, {
        method: "POST",
        headers: { Cookie: cookie, "Content-Type": "application/json" },
      });
      request.on("response", (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode, body }));
      });
      request.on("error", reject);
      request.write('{"text":'); // Two writes before end(): Node sends Transfer-Encoding: chunked.
      request.end('"chunked"}');
    });
    expect(chunked).toEqual({ status: 411, body: JSON.stringify({ error: "length_required" }) });

    const notes = await page.request.get("/api/django/notes/");
    expect(await notes.json()).toEqual([]);
  });

  test("a browser's DELETE and PATCH without a body reach Django without one", async ({ page }) => {
    const replies = await page.evaluate(async () =>
      Promise.all(
        ["DELETE", "PATCH"].map(async (method) => {
          const response = await fetch("/api/django/_test/echo/", { method });
          return { status: response.status, body: await response.json() };
        }),
      ),
    );
    expect(replies).toEqual(
      ["DELETE", "PATCH"].map((method) => ({
        status: 200,
        body: expect.objectContaining({ method, body: "", auth_scheme: "Bearer" }),
      })),
    );
  });

  test("Django's caching, cookies, auth prompt, server banner, CORS and unknown headers stay behind", async ({
    page,
  }) => {
    const response = await page.request.get("/api/django/_test/proxy/leaky-headers/");
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ leaky: true });
    const headers = response.headers();
    expect(headers).toMatchObject({
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox",
    });
    // An allowlist: a header Django adds that a JSON API does not need stays behind too.
    for (const name of [
      "x-kept",
      "set-cookie",
      "www-authenticate",
      "server",
      "access-control-allow-origin",
      "access-control-allow-credentials",
    ]) {
      expect(headers[name], name).toBeUndefined();
    }
  });

  test("a DEBUG error page from Django never reaches the browser", async ({ page, context }) => {
    const { accessToken } = await readSession(context);
    const response = await page.request.get("/api/django/_test/proxy/debug-500/");
    expect(response.status()).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: "upstream_error", status: 500 });
    expect(text).not.toContain(accessToken);
    expect(response.headers()["cache-control"]).toBe("private, no-store");
  });

  test("Django's redirects: inside the API become proxy paths, others lose their Location", async ({
    page,
  }) => {
    const inside = await page.request.get("/api/django/_test/proxy/redirect/?to=internal", {
      maxRedirects: 0,
    });
    expect(inside.status()).toBe(302);
    expect(inside.headers()["location"]).toBe("/api/django/me/?from=redirect");

    const outside = await page.request.get("/api/django/_test/proxy/redirect/?to=external", {
      maxRedirects: 0,
    });
    expect(outside.status()).toBe(302);
    expect(outside.headers()["location"]).toBeUndefined();
  });

  test("auth responses are not cacheable", async ({ page }) => {
    const refresh = await page.request.post("/api/auth/refresh");
    expect(refresh.status()).toBe(200);
    expect(refresh.headers()["cache-control"]).toBe("no-store");
    expect(await refresh.json()).toMatchObject({ status: "fresh" });
  });
});
