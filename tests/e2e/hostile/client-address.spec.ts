import { request as playwrightRequest } from "@playwright/test";
import { expect, test } from "../fixtures";
import { startAppendingProxy, type AppendingProxy } from "../support/appending-proxy";
import { django } from "../support/django";
import { findFreePort } from "../support/free-port";
import { startNextInstance } from "../support/next-instance";
import { APP_URL, NEXTAUTH_SECRET } from "../support/servers";

/**
 * Behind one appending proxy (AUTH_TRUSTED_PROXY_HOPS=1, as the suite's instances run), Django's
 * per-IP throttles must see the address that proxy saw connect (this test, 127.0.0.1), whatever
 * the client wrote. With nothing in front and the variable unset, no entry the client wrote does.
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

test("with nothing in front and AUTH_TRUSTED_PROXY_HOPS unset, Django never sees the client's own X-Forwarded-For", async ({
  user,
}) => {
  const bare = await startNextInstance(await findFreePort(), { NEXTAUTH_SECRET });
  const client = await playwrightRequest.newContext({ baseURL: bare.url });
  try {
    const headers = { "X-Forwarded-For": "6.6.6.6" };
    const csrf = (await (await client.get("/api/auth/csrf", { headers })).json()) as {
      csrfToken: string;
    };
    const signIn = await client.post("/api/auth/callback/credentials", {
      headers,
      form: { csrfToken: csrf.csrfToken, username: user.username, password: user.password },
      maxRedirects: 0,
    });
    expect(signIn.status()).toBe(302);
    // No address at all: Django throttles on the server's own, which the client cannot change.
    expect(await django.forwardedFor(user.username)).toEqual({ token: "" });
  } finally {
    await client.dispose();
    await bare.stop();
  }
});
