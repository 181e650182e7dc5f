import { expect, type Page } from "@playwright/test";

export class DashboardPage {
  constructor(private readonly page: Page) {}

  readonly profile = () => this.page.getByTestId("profile");
  /** The line useSession() drives: its text, and the status in `data-status`. */
  readonly sessionLine = () => this.page.getByTestId("session-line");

  /** The page has hydrated: its client components act (the Fire button is disabled before). */
  async expectHydrated() {
    await expect(
      this.page.getByRole("button", { name: /^Fire \d+ parallel requests$/ }),
    ).toBeEnabled();
  }

  async expectProfileOf(username: string) {
    await expect(this.profile().locator('[data-field="username"]')).toHaveText(username);
  }

  async fireParallelRequests(count: number) {
    await this.page.getByRole("spinbutton", { name: "Requests" }).fill(String(count));
    await this.page.getByRole("button", { name: `Fire ${count} parallel requests` }).click();
    await expect(this.page.getByTestId("parallel-summary")).toBeVisible({ timeout: 30_000 });
  }

  /** "200", or the status and error message of a request that failed. */
  async parallelStatuses(): Promise<string[]> {
    return this.page.getByTestId("parallel-result").evaluateAll((items) =>
      items.map((item) => {
        const status = item.getAttribute("data-status") ?? "";
        return status === "200" ? status : `${status} ${item.getAttribute("title") ?? ""}`.trim();
      }),
    );
  }

  async signOut() {
    await this.page.getByRole("button", { name: "Sign out" }).click();
  }
}
