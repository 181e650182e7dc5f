import { expect, type Page } from "@playwright/test";

/** The dashboard's notes card: listed by a server component, written through Server Actions. */
export class NotesCard {
  constructor(private readonly page: Page) {}

  readonly field = () => this.page.getByLabel("New note");
  readonly notes = () => this.page.getByTestId("note");
  readonly deleteButton = (text: string) =>
    this.page.getByRole("button", { name: `Delete note: ${text}`, exact: true });

  /** Submits the form; the caller asserts what Django made of it. */
  async submit(text: string) {
    const button = this.page.getByRole("button", { name: "Add note" });
    // Enabled once hydrated: text typed before that would be reset by React.
    await expect(button).toBeEnabled();
    await this.field().fill(text);
    await button.click();
  }

  /** Adds a note and waits until the server-rendered list shows it. */
  async add(text: string) {
    await this.submit(text);
    await expect(this.notes().filter({ hasText: text })).toHaveCount(1);
    await expect(this.field()).toHaveValue("");
  }

  async expectTexts(texts: string[]) {
    await expect(this.page.getByTestId("note-text")).toHaveText(texts);
  }

  /** Django's message, tied to the field for assistive technology. */
  async expectFieldError(message: string | RegExp) {
    await expect(this.field()).toHaveAttribute("aria-invalid", "true");
    await expect(this.field()).toHaveAccessibleDescription(message);
  }
}
