import { expect, test } from "@playwright/test";
import { startVariantDjango } from "../doctor/support/doctor-django";
import { LoginPage } from "../pages/login-page";
import { findFreePort } from "../support/free-port";
import { startNextInstance } from "../support/next-instance";
import { NEXTAUTH_SECRET } from "../support/servers";
import { readSession } from "../support/session-cookie";

// A Django left with DEBUG = True renders its technical pages for some 4xx too: a form with more
// than DATA_UPLOAD_MAX_NUMBER_FIELDS fields is a 400 whose page lists the request's headers (the
// access token, on Django 3.2), an unknown path a 404 listing the URL patterns. The proxy passes
// no HTML error page on, whatever its status.
const ACCOUNT = { username: "debug-pages", password: "debug-pages-2026" };
const TOO_MANY_FIELDS = Array.from({ length: 1_001 }, (_, i) => `f${i}=1`).join("&");

test("Django's debug pages never reach the browser, whatever their status", async ({
  page,
  context,
}) => {
  // A Django of its own (migrated from scratch) and a next start: on a loaded CI machine the two
  // starts alone took most of two minutes (2026-12-07).
  test.setTimeout(180_000);
  const django = await startVariantDjango({ DJANGO_DEBUG: "1" }, ACCOUNT);
  const app = await startNextInstance(await findFreePort(), {
    NEXTAUTH_SECRET,
    DJANGO_API_URL: django.apiUrl,
  });
  try {
    await page.goto(`${app.url}/login`);
    await new LoginPage(page).signIn(ACCOUNT.username, ACCOUNT.password);
    // The first sign-in through a Django and an instance just started: on a loaded CI machine it
    // outlasted the suite's 10 s (the page still on /login, the dashboard arriving just after).
    await expect(page).toHaveURL(/\/dashboard$/, { timeout: 30_000 });
    const { accessToken } = await readSession(context);

    // Asked directly, Django answers both with its debug page.
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    const direct = await fetch(`${django.apiUrl}/notes/`, {
      method: "POST",
      headers: { ...form, Authorization: `Bearer ${accessToken}` },
      body: TOO_MANY_FIELDS,
    });
    expect(direct.status).toBe(400);
    expect(await direct.text()).toContain("DEBUG = True");
    const unknown = await fetch(`${django.apiUrl}/no-such-page/`, {
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("DEBUG = True");

    const proxied = [
      await page.request.post(`${app.url}/api/django/notes/`, {
        headers: form,
        data: TOO_MANY_FIELDS,
      }),
      await page.request.get(`${app.url}/api/django/no-such-page/`),
    ];
    expect(proxied.map((response) => response.status())).toEqual([400, 404]);
    for (const response of proxied) {
      const text = await response.text();
      expect(text).not.toContain(accessToken);
      expect(text).not.toContain("DEBUG");
      expect(JSON.parse(text)).toEqual({
        detail: `Django answered ${response.status()} with an HTML page, not passed on.`,
      });
    }
    // Django's own JSON errors still come through as they are.
    const invalid = await page.request.post(`${app.url}/api/django/notes/`, { data: { text: "" } });
    expect(invalid.status()).toBe(400);
    expect(await invalid.json()).toEqual({ text: ["This field may not be blank."] });
  } finally {
    await app.stop();
    await django.stop();
  }
});
