import { json, request } from "./http-client.mjs";

export const PASSWORD = "bench-pass-2026";

/** The test-only side of the bundled Django (DJANGO_TEST_MODE=1), straight from this process. */
export function djangoApi(apiUrl) {
  const call = async (method, path, body) => {
    const response = await request(`${apiUrl}/${path}`, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? Buffer.from(JSON.stringify(body)) : undefined,
    });
    if (response.status >= 300) {
      throw new Error(`Django ${method} ${path} answered ${response.status}: ${response.body}`);
    }
    return response.body.length > 0 ? json(response) : null;
  };
  const query = (username) => `?username=${encodeURIComponent(username)}`;

  return {
    async createUser(username) {
      await call("POST", "_test/users/", { username, password: PASSWORD });
      await call("DELETE", `_test/counters/${query(username)}`);
    },
    counters: (username) => call("GET", `_test/counters/${query(username)}`),
    /** simplejwt's own login, as a client without the template would do it. */
    async accessToken(username) {
      return (await call("POST", "token/", { username, password: PASSWORD })).access;
    },
  };
}

/** A name no earlier run used: the database is a temp file, but runs can share one. */
export const uniqueName = (prefix) =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
