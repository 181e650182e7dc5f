import type { Page } from "@playwright/test";

type EntryFilter = { type: string; source?: "this-tab" | "other-tab"; outcome?: string };

export class SessionInspectorPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/dashboard/session");
  }

  timelineEntries({ type, source, outcome }: EntryFilter) {
    let selector = `[data-testid="timeline-entry"][data-type="${type}"]`;
    if (source) selector += `[data-source="${source}"]`;
    if (outcome) selector += `[data-outcome="${outcome}"]`;
    return this.page.locator(selector);
  }
}
