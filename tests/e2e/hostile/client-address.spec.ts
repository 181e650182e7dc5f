import { request as playwrightRequest } from "@playwright/test";
import { expect, test } from "../fixtures";
import { startAppendingProxy, type AppendingProxy } from "../support/appending-proxy";
import { django } from "../support/django";
import { APP_URL } from "../support/servers";

/**
 * Behind one appending proxy (AUTH_TRUSTED_PROXY_HOPS=1, the default), Django's per-IP throttles
 * must see the address that proxy saw connect (this test, 127.0.0.1), whatever the client wrote.
 */
let proxy: AppendingProxy;
test.beforeAll(async () => (proxy = await startAppendingProxy(APP_URL)));
test.afterAll(async () => proxy.close());

const SPOOFS = ["6.6.6.6", "198.51.100.77, 10.0.0.1", "garbage, 2001:db8::1", "::1,,unknown"];

test.describe("hostile: a client writes its own X-Forwarded-For behind an appending proxy", () => {
  for (const spoof of SPOOFS) {
    test(`sign-in with X-Forwarded-For: ${spoof} → Django sees the proxy's peer`, async ({
      user,
    }) => {
      const client = await playwrightRequest.newContext({ baseURL: proxy.url });
      try {
        const headers = { "X-Forwarded-For": spoof };
        const csrf = (await (await client.get("/api/auth/csrf", { headers })).json()) as {
          csrfToken: string;
        };
        const signIn = await client.post("/api/auth/callback/credentials", {
          headers,
          form: { csrfToken: csrf.csrfToken, username: user.username, password: user.password },
          maxRedirects: 0,
        });
        expect(signIn.status()).toBe(302);
        expect(await django.forwardedFor(user.username)).toEqual({ token: "127.0.0.1" });
      } finally {
        await client.dispose();
      }
    });
  }
});
