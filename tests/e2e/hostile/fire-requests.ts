import { expect, type Page } from "@playwright/test";

/**
 * Fires `count` parallel requests from the dashboard's client component. The count is typed
 * again until the button shows it: a fill that lands before hydration is lost.
 */
export async function fireRequests(page: Page, count: number, { awaitSummary = true } = {}) {
  const button = page.getByRole("button", { name: `Fire ${count} parallel requests` });
  await expect(async () => {
    await page.getByRole("spinbutton", { name: "Requests" }).fill(String(count));
    await expect(button).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await button.click();
  if (awaitSummary)
    await expect(page.getByTestId("parallel-summary")).toBeVisible({ timeout: 30_000 });
}
