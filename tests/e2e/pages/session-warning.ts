import { expect, type Page } from "@playwright/test";

/** The "you will be signed out" dialog of one tab. */
export class SessionWarning {
  constructor(private readonly page: Page) {}

  readonly dialog = () => this.page.getByRole("alertdialog");
  readonly staySignedInButton = () => this.dialog().getByRole("button", { name: "Stay signed in" });

  /** Opens `lead` seconds before the deadline; the default timeout covers that wait. */
  async expectOpen(reason: "idle_timeout" | "session_limit", timeout = 30_000) {
    await expect(this.dialog()).toBeVisible({ timeout });
    await expect(this.dialog()).toContainText(/You will be signed out in \d+:\d\d/);
    await expect(this.dialog()).toContainText(
      reason === "idle_timeout" ? "inactive" : "sign in again to continue",
    );
  }

  async expectClosed() {
    await expect(this.dialog()).toBeHidden();
  }
}
