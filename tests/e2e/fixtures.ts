import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
import { DashboardPage } from "./pages/dashboard-page";
import { LoginPage } from "./pages/login-page";
import { django } from "./support/django";

export type TestUser = { username: string; password: string };

/** Every arrival on /login, every refresh call and every refresh the server refused, across all
 * pages of a context. */
export class AuthWatch {
  readonly loginArrivals: string[] = [];
  readonly refreshCalls: string[] = [];
  readonly refreshRejections: number[] = [];

  constructor(context: BrowserContext) {
    for (const page of context.pages()) this.track(page);
    context.on("page", (page) => this.track(page));
  }

  private track(page: Page) {
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame() && new URL(frame.url()).pathname === "/login") {
        this.loginArrivals.push(frame.url());
      }
    });
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/api/auth/refresh")
        this.refreshCalls.push(page.url());
    });
    page.on("response", (response) => {
      if (new URL(response.url()).pathname === "/api/auth/refresh" && response.status() === 401) {
        this.refreshRejections.push(response.status());
      }
    });
  }

  /** Starts counting from now (the sign-in itself visits /login). */
  reset() {
    this.loginArrivals.length = 0;
    this.refreshCalls.length = 0;
    this.refreshRejections.length = 0;
  }
}

type Options = {
  /**
   * Seconds the user's first access token lives (Django enforces it); rotated ones live the
   * suite's ACCESS_LIFETIME_S. For a test that only needs to see an expiry: it waits this, not
   * the whole lifetime. Leave it long enough for the test's setup (tabs opened) to finish first.
   */
  firstAccessLifetimeS: number | undefined;
};

type Fixtures = {
  user: TestUser;
  loginPage: LoginPage;
  dashboard: DashboardPage;
  authWatch: AuthWatch;
  /** Signs `user` in through the login form and lands on the dashboard. */
  signIn: (page?: Page) => Promise<void>;
};

export const test = base.extend<Options & Fixtures>({
  firstAccessLifetimeS: [undefined, { option: true }],
  user: async ({ firstAccessLifetimeS }, use, testInfo) => {
    const username = `e2e-${testInfo.workerIndex}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
    const user = { username, password: `pw-${username}` };
    await django.createUser(user.username, user.password, {
      accessLifetimeS: firstAccessLifetimeS,
    });
    await use(user);
  },
  loginPage: async ({ page }, use) => use(new LoginPage(page)),
  dashboard: async ({ page }, use) => use(new DashboardPage(page)),
  authWatch: async ({ context }, use) => use(new AuthWatch(context)),
  signIn: async ({ page, user, authWatch }, use) => {
    await use(async (target = page) => {
      const loginPage = new LoginPage(target);
      await loginPage.goto();
      await loginPage.signIn(user.username, user.password);
      // Reaching the dashboard is what is checked here, not how fast: a first sign-in on an
      // instance a test has just started renders the dashboard for the first time (3-4 s alone
      // on a loaded CI machine), after the sign-in's own round trips.
      await expect(target).toHaveURL(/\/dashboard$/, { timeout: 30_000 });
      authWatch.reset();
    });
  },
});

export { expect };
