import {
  AxiosError,
  type AxiosAdapter,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from "axios";
import { describe, expect, it, vi } from "vitest";
import { createApiClient, RefreshUnavailableError, SessionExpiredError } from "./api.client";

/** A fake Django behind the proxy: 401 until the "session" is renewed, then 200. */
function fakeServer(rejectRetries = false) {
  let isRenewed = false;
  const calls: string[] = [];
  const adapter: AxiosAdapter = async (config: InternalAxiosRequestConfig) => {
    calls.push(config.url ?? "");
    const status = isRenewed && !rejectRetries ? 200 : 401;
    const response: AxiosResponse = {
      data: { url: config.url },
      status,
      statusText: "",
      headers: {},
      config,
    };
    if (status === 401) {
      throw new AxiosError("Unauthorized", "ERR_BAD_REQUEST", config, null, response);
    }
    return response;
  };
  const renew = () => {
    isRenewed = true;
  };
  return { adapter, calls, renew };
}

describe("the shared client's 401 interceptor", () => {
  it("queues every 401 behind one refresh and retries each request once", async () => {
    const server = fakeServer();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const refreshEndpoint = vi.fn(async () => {
      await gate;
      server.renew();
      return Response.json({ status: "refreshed", accessExpires: 1, refreshExpires: 2 });
    });
    vi.stubGlobal("fetch", refreshEndpoint);
    const client = createApiClient({ adapter: server.adapter });

    const requests = Array.from({ length: 10 }, (_, i) => client.get(`item/${i}/`));
    await vi.waitFor(() => expect(server.calls).toHaveLength(10));
    release();
    const responses = await Promise.all(requests);

    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(refreshEndpoint).toHaveBeenCalledOnce();
    expect(server.calls).toHaveLength(20);
    vi.unstubAllGlobals();
  });

  it("retries a 401 that was sent before the last renewal without refreshing again", async () => {
    let isRenewed = false;
    let releaseLate!: () => void;
    const late = new Promise<void>((resolve) => (releaseLate = resolve));
    const sentBeforeRenewal: AxiosAdapter = async (config) => {
      const wasRenewed = isRenewed;
      if (config.url === "late/") await late; // Its 401 arrives after the renewal landed.
      const response: AxiosResponse = {
        data: {},
        status: wasRenewed ? 200 : 401,
        statusText: "",
        headers: {},
        config,
      };
      if (response.status === 401)
        throw new AxiosError("Unauthorized", "ERR_BAD_REQUEST", config, null, response);
      return response;
    };
    const refreshEndpoint = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5)); // A network round trip.
      isRenewed = true;
      return Response.json({ status: "refreshed", accessExpires: 1, refreshExpires: 2 });
    });
    vi.stubGlobal("fetch", refreshEndpoint);
    const client = createApiClient({ adapter: sentBeforeRenewal });

    const early = client.get("early/");
    const lateRequest = client.get("late/");
    expect((await early).status).toBe(200);
    releaseLate();
    expect((await lateRequest).status).toBe(200);
    expect(refreshEndpoint).toHaveBeenCalledOnce();
    vi.unstubAllGlobals();
  });

  it("retries only once: a second 401 is returned to the caller", async () => {
    const server = fakeServer(true);
    const client = createApiClient({
      refresh: async () => ({ ok: true, status: "fresh", accessExpires: 1, refreshExpires: 2 }),
      adapter: server.adapter,
    });
    await expect(client.get("me/")).rejects.toMatchObject({ response: { status: 401 } });
    expect(server.calls).toEqual(["me/", "me/"]);
  });

  it("sends the user to sign in when the refresh token is dead", async () => {
    const server = fakeServer();
    const onSessionExpired = vi.fn();
    const client = createApiClient({
      refresh: async () => ({ ok: false, error: "session_expired" }),
      onSessionExpired,
      adapter: server.adapter,
    });
    await expect(client.get("me/")).rejects.toBeInstanceOf(SessionExpiredError);
    expect(onSessionExpired).toHaveBeenCalledOnce();
  });

  it("keeps the session on upstream_unavailable and fails with a retryable error", async () => {
    const server = fakeServer();
    const onSessionExpired = vi.fn();
    const client = createApiClient({
      refresh: async () => ({ ok: false, error: "upstream_unavailable" }),
      onSessionExpired,
      adapter: server.adapter,
    });
    const error = await client.get("me/").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefreshUnavailableError);
    expect((error as RefreshUnavailableError).isRetryable).toBe(true);
    expect(onSessionExpired).not.toHaveBeenCalled();
  });

  it("tells the refresh endpoint that Django refused the access token", async () => {
    const server = fakeServer();
    const refreshEndpoint = vi.fn(async (_url: string, init?: RequestInit) => {
      server.renew();
      expect(JSON.parse(String(init?.body))).toEqual({ accessRejected: true });
      return Response.json({ status: "refreshed", accessExpires: 1, refreshExpires: 2 });
    });
    vi.stubGlobal("fetch", refreshEndpoint);
    const client = createApiClient({ adapter: server.adapter });
    expect((await client.get("me/")).status).toBe(200);
    expect(refreshEndpoint).toHaveBeenCalledOnce();
    vi.unstubAllGlobals();
  });

  it("ends the session at once when Django refuses the user: no refresh, no retry", async () => {
    const calls: string[] = [];
    const refusesUser: AxiosAdapter = async (config) => {
      calls.push(config.url ?? "");
      const response: AxiosResponse = {
        data: { detail: "User is inactive", code: "user_inactive" },
        status: 401,
        statusText: "",
        headers: {},
        config,
      };
      throw new AxiosError("Unauthorized", "ERR_BAD_REQUEST", config, null, response);
    };
    const refresh = vi.fn(async () => ({
      ok: true as const,
      status: "refreshed" as const,
      accessExpires: 1,
      refreshExpires: 2,
    }));
    const onSessionRefused = vi.fn();
    const client = createApiClient({ refresh, onSessionRefused, adapter: refusesUser });
    await expect(client.get("me/")).rejects.toBeInstanceOf(SessionExpiredError);
    expect(refresh).not.toHaveBeenCalled();
    expect(calls).toEqual(["me/"]);
    expect(onSessionRefused).toHaveBeenCalledExactlyOnceWith("account_deactivated");
  });

  it("ends the session with its reason when Django says the password changed (CHECK_REVOKE_TOKEN)", async () => {
    const refusesToken: AxiosAdapter = async (config) => {
      const data = { detail: "The user's password has been changed.", code: "password_changed" };
      const response: AxiosResponse = { data, status: 401, statusText: "", headers: {}, config };
      throw new AxiosError("Unauthorized", "ERR_BAD_REQUEST", config, null, response);
    };
    const onSessionRefused = vi.fn();
    const client = createApiClient({
      refresh: async () => ({ ok: true, status: "refreshed", accessExpires: 1, refreshExpires: 2 }),
      onSessionRefused,
      adapter: refusesToken,
    });
    await expect(client.get("me/")).rejects.toBeInstanceOf(SessionExpiredError);
    expect(onSessionRefused).toHaveBeenCalledExactlyOnceWith("password_changed");
  });

  it("does not end the session when the retry's 401 is about the token, not the user", async () => {
    const server = fakeServer(true);
    const onSessionRefused = vi.fn();
    const client = createApiClient({
      refresh: async () => ({ ok: true, status: "refreshed", accessExpires: 1, refreshExpires: 2 }),
      onSessionRefused,
      adapter: server.adapter,
    });
    await expect(client.get("me/")).rejects.toMatchObject({ response: { status: 401 } });
    expect(onSessionRefused).not.toHaveBeenCalled();
  });
});
