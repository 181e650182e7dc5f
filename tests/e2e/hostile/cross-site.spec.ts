import { expect, test } from "../fixtures";
import { APP_URL } from "../support/servers";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const FOREIGN: [label: string, headers: Record<string, string>][] = [
  ["Sec-Fetch-Site: cross-site", { "Sec-Fetch-Site": "cross-site" }],
  ["Sec-Fetch-Site: same-site", { "Sec-Fetch-Site": "same-site" }],
  ["Origin evil, no Sec-Fetch-Site", { Origin: "https://evil.example" }],
];

/** One line: method and where the browser says it comes from → refused before Django is called. */
test.describe("hostile: cross-site requests to the proxy", () => {
  test.beforeEach(async ({ signIn }) => signIn());

  for (const method of METHODS) {
    for (const [label, headers] of FOREIGN) {
      test(`${method} with ${label} → 403`, async ({ page }) => {
        const response = await page.request.fetch("/api/django/_test/echo/", {
          method,
          headers,
          data: method === "GET" ? undefined : { text: "csrf" },
        });
        expect(response.status()).toBe(403);
        expect(await response.json()).toEqual({ error: "forbidden_origin" });
      });
    }
  }

  test("our own pages, a typed-in address and non-browser clients still get through", async ({
    page,
  }) => {
    for (const headers of <Record<string, string>[]>[
      { "Sec-Fetch-Site": "same-origin" },
      { "Sec-Fetch-Site": "none" },
      { Origin: APP_URL },
      {},
    ]) {
      const response = await page.request.get("/api/django/_test/echo/", { headers });
      expect(response.status(), JSON.stringify(headers)).toBe(200);
    }
  });

  test("a link on another site cannot run a Django GET as the user", async ({ page, context }) => {
    await context.route("http://evil.example/**", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<a href="${APP_URL}/api/django/me/">see your profile</a>`,
      }),
    );
    await page.goto("http://evil.example/");
    const [response] = await Promise.all([
      page.waitForResponse(`${APP_URL}/api/django/me/`),
      page.getByRole("link").click(),
    ]);
    expect(response.status()).toBe(403);
    await expect(page.locator("body")).toContainText("forbidden_origin");
  });

  test("the refresh route refuses cross-site POSTs and keeps the session", async ({ page }) => {
    for (const [label, headers] of FOREIGN) {
      const response = await page.request.post("/api/auth/refresh", { headers });
      expect(response.status(), label).toBe(403);
    }
    expect((await page.request.post("/api/auth/refresh")).status()).toBe(200);
  });

  test("the sign-out route refuses another site's POST: a forged sign-out ends nothing", async ({
    page,
    context,
  }) => {
    for (const [label, headers] of FOREIGN) {
      const response = await page.request.post("/api/auth/sign-out", { headers });
      expect(response.status(), label).toBe(403);
    }
    // Still signed in: the session renders and renews.
    expect((await page.request.post("/api/auth/refresh")).status()).toBe(200);
    expect((await context.cookies()).some(({ name }) => name.includes("session-token"))).toBe(true);
  });
});
