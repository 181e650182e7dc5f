import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures";

/**
 * Every page ships a nonce-based CSP with 'strict-dynamic', and Chromium reports no violation
 * while the app runs under it: an injected script would not run, the template's own all do.
 */
async function collectViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction("reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { reportCspViolation: (text: string) => void })
        .reportCspViolation;
      report(
        `${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  return violations;
}

test("every page: a strict CSP header, and no violation in Chromium", async ({
  page,
  user,
  loginPage,
  dashboard,
}) => {
  const violations = await collectViolations(page);
  const policies = new Set<string>();
  page.on("response", (response) => {
    if (response.request().resourceType() === "document") {
      policies.add(response.headers()["content-security-policy"] ?? "none");
    }
  });

  await page.goto("/");
  await loginPage.goto("/dashboard?from=csp");
  await loginPage.signIn(user.username, user.password);
  await expect(page).toHaveURL(/\/dashboard\?from=csp$/);
  await page.waitForLoadState("networkidle");
  await page.goto("/dashboard");
  await dashboard.fireParallelRequests(2);
  await expect(page.getByTestId("parallel-summary")).toHaveText("2 of 2 succeeded");

  expect(policies.size).toBeGreaterThanOrEqual(3); // one nonce per document
  for (const policy of policies) {
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'(;|$)/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("base-uri 'none'");
    expect(policy).toContain("form-action 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toMatch(/unsafe-(inline|eval)/);
  }
  expect(violations).toEqual([]);
});

test("markup injected into a page runs none of its script", async ({ page }) => {
  const violations = await collectViolations(page);
  await page.goto("/login");
  await page.evaluate(() => {
    const html =
      '<img src="data:," onload="window.injected = 1"><script>window.injected = 2</script>';
    document.body.insertAdjacentHTML("beforeend", html);
  });
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { injected?: number }).injected)).toBe(
    undefined,
  );
});
