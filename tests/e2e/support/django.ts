import { DJANGO_API_URL } from "./servers";

export type Counters = {
  rotations: number;
  rejected: number;
  forks: number;
  faults_served: number;
};
type Fault = {
  mode: "error" | "delay";
  count: number;
  delayMs?: number;
  endpoint?: "refresh" | "blacklist";
};

export type DjangoReply = { status: number; body: Record<string, unknown> };

async function call(method: string, path: string, body?: unknown): Promise<DjangoReply> {
  const response = await fetch(`${DJANGO_API_URL}/${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

async function expectOk(reply: Promise<DjangoReply>): Promise<DjangoReply> {
  const { status, body } = await reply;
  if (status >= 300)
    throw new Error(`Django test endpoint answered ${status}: ${JSON.stringify(body)}`);
  return { status, body };
}

/** The test-only side of the bundled Django (DJANGO_TEST_MODE=1), straight from the test process. */
export const django = {
  async createUser(
    username: string,
    password: string,
    options: { refreshLifetimeS?: number; extraClaimsBytes?: number } = {},
  ) {
    await expectOk(
      call("POST", "_test/users/", {
        username,
        password,
        ...(options.refreshLifetimeS ? { refresh_lifetime_s: options.refreshLifetimeS } : {}),
        // Custom claims of this many bytes in every token of the user's chains.
        ...(options.extraClaimsBytes ? { extra_claims_bytes: options.extraClaimsBytes } : {}),
      }),
    );
    await expectOk(call("DELETE", `_test/counters/?username=${encodeURIComponent(username)}`));
  },

  async counters(username: string): Promise<Counters> {
    const { body } = await expectOk(
      call("GET", `_test/counters/?username=${encodeURIComponent(username)}`),
    );
    return body as Counters;
  },

  /** Makes Django's refresh (or blacklist) endpoint fail or stall for this user's next calls. */
  async armFault(username: string, fault: Fault) {
    await expectOk(
      call("POST", "_test/faults/", {
        username,
        endpoint: fault.endpoint ?? "refresh",
        mode: fault.mode,
        count: fault.count,
        delay_ms: fault.delayMs,
      }),
    );
  },

  async disarmFaults(username: string) {
    await expectOk(call("DELETE", `_test/faults/?username=${encodeURIComponent(username)}`));
  },

  /** Plain simplejwt calls, as a client without this template would make them. */
  login: (username: string, password: string) => call("POST", "token/", { username, password }),
  refresh: (refresh: string) => call("POST", "token/refresh/", { refresh }),
};
