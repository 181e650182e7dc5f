import { expect, type Page } from "@playwright/test";

export class LoginPage {
  constructor(private readonly page: Page) {}

  async goto(callbackUrl?: string) {
    await this.page.goto(
      callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login",
    );
  }

  /** Opens /login with a query string sent exactly as given (repeated or odd parameters). */
  async gotoWithQuery(query: string) {
    await this.page.goto(`/login?${query}`);
  }

  async signIn(username: string, password: string) {
    // The button is enabled once the form has hydrated: typing before that could be lost.
    await expect(this.page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    await this.page.getByLabel("Username").fill(username);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  /** The form's own alert (Next.js adds an empty route announcer with the same role). */
  readonly formAlert = () => this.page.locator("form").getByRole("alert");

  async expectError(message: string | RegExp) {
    await expect(this.formAlert()).toContainText(message);
  }
}
