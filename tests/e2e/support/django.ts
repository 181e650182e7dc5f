import { DJANGO_API_URL } from "./servers";

export type Counters = {
  rotations: number;
  rejected: number;
  forks: number;
  faults_served: number;
  /** A 200 repeating the same successor (simplejwt_rotation's overlap period): not a rotation. */
  repeats: number;
};
/**
 * error: 503 JSON; status: `status` with a JSON body (429 with Retry-After, 401 as simplejwt's
 * token_not_valid); html200: a 200 maintenance page; truncated: 200 `{"access": "ey`; delay (before
 * the view runs); slow_answer (the view runs, a refresh rotates, then the answer is held back);
 * lost_answer (the view runs and commits, then the caller gets a 502 instead of its answer).
 */
export type FaultMode =
  "error" | "status" | "html200" | "truncated" | "delay" | "slow_answer" | "lost_answer";
type AuthEndpoint = "token" | "refresh" | "blacklist";
export type Fault = {
  mode: FaultMode;
  count: number;
  delayMs?: number;
  status?: number;
  /** token: sign-in; access: any view authenticated by the user's access token. */
  endpoint?: "refresh" | "blacklist" | "token" | "access";
};

export type DjangoStack = {
  django: string;
  djangorestframework: string;
  simplejwt: string;
  check_revoke_token: boolean;
};

export type DjangoReply = { status: number; body: Record<string, unknown> };

type Call = (method: string, path: string, body?: unknown) => Promise<DjangoReply>;

const callAt =
  (apiUrl: string): Call =>
  async (method, path, body) => {
    const response = await fetch(`${apiUrl}/${path}`, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const isJson = response.headers.get("content-type")?.includes("json");
    return {
      status: response.status,
      // Django's own 500 page is HTML (DEBUG off): kept as text, for the error message.
      body: !text ? {} : isJson ? (JSON.parse(text) as Record<string, unknown>) : { text },
    };
  };

/** One more try after a 5xx, for the test routes whose calls are idempotent. */
async function retryOnServerError(send: () => Promise<DjangoReply>): Promise<DjangoReply> {
  const first = await send();
  return first.status >= 500 ? send() : first;
}

async function expectOk(reply: Promise<DjangoReply>): Promise<DjangoReply> {
  const { status, body } = await reply;
  if (status >= 300)
    throw new Error(`Django test endpoint answered ${status}: ${JSON.stringify(body)}`);
  return { status, body };
}

/**
 * The test-only side of a bundled Django in test mode (DJANGO_TEST_MODE=1) at `apiUrl`, straight
 * from the test process: the suite's (`django`), or one a spec started itself.
 */
export function testDjango(apiUrl: string) {
  const call = callAt(apiUrl);
  return {
    async createUser(
      username: string,
      password: string,
      options: {
        refreshLifetimeS?: number;
        accessLifetimeS?: number;
        extraClaimsBytes?: number;
      } = {},
    ) {
      await expectOk(
        // SQLite answers "database is locked" (500) at once when a transaction's read has to
        // become a write while another connection writes: its busy timeout does not apply there.
        // Creating a user is idempotent, so the harness asks once more.
        retryOnServerError(() =>
          call("POST", "_test/users/", {
            username,
            password,
            ...(options.refreshLifetimeS ? { refresh_lifetime_s: options.refreshLifetimeS } : {}),
            // The login pair's access token only: rotated ones get the suite's ACCESS_LIFETIME_S.
            ...(options.accessLifetimeS ? { access_lifetime_s: options.accessLifetimeS } : {}),
            // Custom claims of this many bytes in every token of the user's chains.
            ...(options.extraClaimsBytes ? { extra_claims_bytes: options.extraClaimsBytes } : {}),
          }),
        ),
      );
      await expectOk(call("DELETE", `_test/counters/?username=${encodeURIComponent(username)}`));
    },

    /** Deactivates (or reactivates) a user: Django then refuses even its valid tokens. */
    async setActive(username: string, password: string, isActive: boolean) {
      await expectOk(call("POST", "_test/users/", { username, password, is_active: isActive }));
    },

    /** Changes a user's password, as the user would: with CHECK_REVOKE_TOKEN, its tokens die. */
    async setPassword(username: string, password: string) {
      await expectOk(call("POST", "_test/users/", { username, password }));
    },

    /** The versions the test Django runs on, and whether CHECK_REVOKE_TOKEN is on. */
    async stack(): Promise<DjangoStack> {
      return (await expectOk(call("GET", "_test/stack/"))).body as DjangoStack;
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
          status: fault.status,
        }),
      );
    },

    async disarmFaults(username: string) {
      await expectOk(call("DELETE", `_test/faults/?username=${encodeURIComponent(username)}`));
    },

    /**
     * The X-Forwarded-For header of the user's last call to each auth endpoint ("token",
     * "refresh", "blacklist"); an endpoint is listed once a call to it has reached Django.
     */
    async forwardedFor(username: string): Promise<Partial<Record<AuthEndpoint, string>>> {
      const { body } = await expectOk(
        call("GET", `_test/forwarded/?username=${encodeURIComponent(username)}`),
      );
      return body as Partial<Record<AuthEndpoint, string>>;
    },

    /** Plain simplejwt calls, as a client without this template would make them. */
    login: (username: string, password: string) => call("POST", "token/", { username, password }),
    refresh: (refresh: string) => call("POST", "token/refresh/", { refresh }),
    blacklist: (refresh: string) => call("POST", "token/blacklist/", { refresh }),
  };
}

export type TestDjango = ReturnType<typeof testDjango>;

/** The suite's own Django (playwright.config.ts starts it). */
export const django = testDjango(DJANGO_API_URL);
