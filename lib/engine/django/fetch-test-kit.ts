import type { DjangoAnswer, DjangoCall } from "./django-fetch";

/**
 * For unit tests, `vi.mock("@/lib/engine/django/django-fetch", () => import("./fetch-test-kit"))`:
 * Django answers through the global fetch, which each test stubs (vi.stubGlobal) with the answer
 * it needs. The pool, its retry and its redirects are tested against real servers
 * (tests/integration/django-fetch.test.ts).
 */
export const fetchFromDjango = (url: URL | string, init: RequestInit) =>
  globalThis.fetch(url, init);

export async function requestFromDjango(url: string, call: DjangoCall): Promise<DjangoAnswer> {
  const response = await globalThis.fetch(url, call);
  const text = await response.text().catch(() => null);
  return { status: response.status, text, setCookies: response.headers.getSetCookie() };
}
