import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const COLOR_SCHEMES = ["light", "dark"] as const;

/**
 * Runs axe-core on the page as it is now, in each color scheme, against WCAG 2.2 A/AA and axe's
 * best practices, and fails with the violations' rule ids and their elements.
 */
export async function expectNoAccessibilityViolations(page: Page) {
  for (const colorScheme of COLOR_SCHEMES) {
    await page.emulateMedia({ colorScheme });
    // The buttons' colors transition (transition-colors, 150 ms): read them settled, not halfway
    // between the schemes, where axe finds dark text on a darkening background.
    await page.evaluate(async () => {
      await Promise.all(
        document.getAnimations().map((animation) => animation.finished.catch(() => null)),
      );
    });
    const { violations } = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
      .analyze();
    const found = violations.map(
      ({ id, nodes }) => `${id}: ${nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
    expect(found, `axe violations in ${colorScheme} mode on ${page.url()}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
}
