import { expect, test, type APIRequestContext } from "@playwright/test";
import { APP_URL, DJANGO_API_URL, SHARED_INSTANCE_URLS, WITH_REDIS } from "./support/servers";

// No session: a readiness probe arrives without cookies, so these use a bare request context.
test.use({ storageState: { cookies: [], origins: [] } });

async function expectHealthy(
  request: APIRequestContext,
  appUrl: string,
  redis: "ok" | "not_configured",
) {
  const response = await request.get(`${appUrl}/api/health`, { maxRedirects: 0 });
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-store");
  expect(response.headers()["content-type"]).toMatch(/^application\/json/);
  const text = await response.text();
  const shared = redis === "ok";
  expect(JSON.parse(text)).toEqual({
    status: "ok",
    django: "ok",
    redis,
    store: shared ? "redis" : "memory",
    storeShared: shared,
    // The suite's redis-server keeps Redis's default policy, noeviction.
    ...(shared ? { redisEviction: "none" } : { memoryStore: "ok" }),
  });
  expect(text).not.toContain(new URL(DJANGO_API_URL).host); // Nothing internal in the body.
}

test("GET /api/health answers 200 without a session while Django answers", async ({ request }) => {
  await expectHealthy(request, APP_URL, "not_configured");
});

test("the Redis-backed instances report Redis ok", async ({ request }) => {
  test.skip(!WITH_REDIS, "redis-server is not installed (CI always runs this test)");
  for (const url of SHARED_INSTANCE_URLS) await expectHealthy(request, url, "ok");
});
