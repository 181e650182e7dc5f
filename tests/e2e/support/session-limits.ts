import type { Page } from "@playwright/test";
import { DJANGO_API_URL } from "./servers";

export type RefreshReply = { status: number; body: Record<string, unknown> };

/** POST /api/auth/refresh from the page, as its own code would (same origin, its cookies). */
export function refreshFromPage(page: Page, accessRejected = false): Promise<RefreshReply> {
  return page.evaluate(async (isRejected) => {
    const response = await fetch("/api/auth/refresh", {
      method: "POST",
      ...(isRejected
        ? { headers: { "Content-Type": "application/json" }, body: '{"accessRejected":true}' }
        : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }, accessRejected);
}

/** Presents a refresh token to Django itself: how a test sees that it was blacklisted. */
export async function refreshAtDjango(refreshToken: string): Promise<RefreshReply> {
  const response = await fetch(`${DJANGO_API_URL}/token/refresh/`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ refresh: refreshToken }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The limits are wall-clock deadlines: waiting for one is waiting for the clock to pass it. */
export async function waitUntil(epochMs: number): Promise<void> {
  const remaining = epochMs - Date.now();
  if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
}
