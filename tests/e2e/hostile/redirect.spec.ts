import { expect, test } from "../fixtures";
import { APP_URL } from "../support/servers";

/**
 * Sign-in through the real form with a hostile callbackUrl: one line of input → where the
 * browser ends. Any off-site navigation would land on evil.example, routed to a stub page.
 */
const SIGN_IN_CASES: [label: string, query: string, landsOn: string][] = [
  ["same-origin path with query", "callbackUrl=%2Fdashboard%3Ftab%3D2", "/dashboard?tab=2"],
  ["dot segment then //", "callbackUrl=%2F.%2F%2Fevil.example", "/dashboard"],
  ["parent segment then //", "callbackUrl=%2F..%2F%2Fevil.example", "/dashboard"],
  ["encoded dot then //", "callbackUrl=%2F%252e%2F%2Fevil.example", "/dashboard"],
  ["path, parent, then //", "callbackUrl=%2Fdashboard%2F..%2F%2Fevil.example", "/dashboard"],
  ["protocol-relative", "callbackUrl=%2F%2Fevil.example%2Fx", "/dashboard"],
  ["backslash", "callbackUrl=%2F%5Cevil.example", "/dashboard"],
  ["dot segment then backslash", "callbackUrl=%2F.%2F%5Cevil.example", "/dashboard"],
  ["tab inside //", "callbackUrl=%2F%09%2Fevil.example", "/dashboard"],
  ["newline inside //", "callbackUrl=%2F%0A%2Fevil.example", "/dashboard"],
  ["absolute other origin", "callbackUrl=https%3A%2F%2Fevil.example%2Fsteal", "/dashboard"],
  ["javascript:", "callbackUrl=javascript%3Aalert(document.domain)", "/dashboard"],
  ["data:", "callbackUrl=data%3Atext%2Fhtml%2C%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/dashboard"],
  [
    "repeated parameter",
    "callbackUrl=%2Fdashboard%2Fsession&callbackUrl=%2F%2Fevil.example",
    "/dashboard",
  ],
  ["back to /login", "callbackUrl=%2Flogin%3FcallbackUrl%3D%252Fdashboard", "/dashboard"],
  [
    "double-encoded // stays a path here",
    "callbackUrl=%252F%252Fevil.example",
    "/%2F%2Fevil.example",
  ],
];

test.describe("hostile: redirect after sign-in", () => {
  test.beforeEach(async ({ context }) => {
    await context.route("http://evil.example/**", (route) =>
      route.fulfill({ contentType: "text/html", body: "<h1>evil</h1>" }),
    );
  });

  for (const [label, query, landsOn] of SIGN_IN_CASES) {
    test(`${label}: ${query} → ${landsOn}`, async ({ page, user, loginPage }) => {
      await loginPage.gotoWithQuery(query);
      await loginPage.signIn(user.username, user.password);
      await page.waitForURL((url) => url.pathname !== "/login");
      expect(page.url()).toBe(`${APP_URL}${landsOn}`);
    });
  }

  test("a signed-in user opening /login with a hostile callbackUrl stays on our origin", async ({
    page,
    signIn,
  }) => {
    await signIn();
    for (const query of [
      "callbackUrl=%2F.%2F%2Fevil.example",
      "callbackUrl=https%3A%2F%2Fevil.example%2F",
      "callbackUrl=%2Flogin",
    ]) {
      await page.goto(`/login?${query}`);
      expect(page.url(), query).toBe(`${APP_URL}/dashboard`);
    }
  });
});
