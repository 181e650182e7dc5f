import { AxiosError, type AxiosAdapter, type AxiosResponse } from "axios";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createApiClient } from "./api.client";
import { callDjango } from "./call-django.client";

const renewed = async () =>
  ({ ok: true, status: "refreshed", accessExpires: 1, refreshExpires: 2 }) as const;

/** A fake proxy answering each call with the next [status, body]. */
function answering(...replies: Array<[number, unknown] | "network">): AxiosAdapter {
  return async (config) => {
    const next = replies.shift() ?? "network";
    if (next === "network") throw new AxiosError("Network Error", "ERR_NETWORK", config);
    const [status, data] = next;
    const response: AxiosResponse = { data, status, statusText: "", headers: {}, config };
    if (status >= 400) throw new AxiosError("HTTP", "ERR_BAD_REQUEST", config, null, response);
    return response;
  };
}
const client = (adapter: AxiosAdapter, onSessionRefused = vi.fn()) =>
  createApiClient({ refresh: renewed, onSessionRefused, adapter });

describe("the browser's callDjango: the server's outcomes, never a throw", () => {
  it("is ok with the data checked by the schema, or unavailable when it does not match", async () => {
    const schema = z.object({ id: z.number() });
    expect(await callDjango("a/", { schema }, client(answering([200, { id: 1, x: 2 }])))).toEqual({
      ok: true,
      status: 200,
      data: { id: 1 },
    });
    expect(await callDjango("a/", { schema }, client(answering([200, { id: "1" }])))).toEqual({
      ok: false,
      error: "unavailable",
    });
  });

  it.each([
    [403, { error: "forbidden" }],
    [404, { error: "not_found" }],
    [429, { error: "unavailable", status: 429 }],
    [502, { error: "unavailable", status: 502 }],
  ])("maps %i to %o", async (status, failure) => {
    expect(await callDjango("a/", {}, client(answering([status, {}])))).toEqual({
      ok: false,
      ...failure,
    });
  });

  it("sends the query option after the path's own query, each value encoded once", async () => {
    const urls: Array<string | undefined> = [];
    const recording: AxiosAdapter = async (config) => {
      urls.push(config.url);
      return { data: [], status: 200, statusText: "", headers: {}, config };
    };
    const query = { offset: 10, tag: ["a b", "c&d"], empty: null };
    await callDjango("user/?limit=3", { query }, client(recording));
    expect(urls).toEqual(["user/?limit=3&offset=10&tag=a+b&tag=c%26d"]);
  });

  it("is invalid with Django's field errors", async () => {
    const adapter = answering([400, { text: ["Blank."], non_field_errors: ["No."] }]);
    expect(await callDjango("a/", { method: "POST", body: {} }, client(adapter))).toEqual({
      ok: false,
      error: "invalid",
      errors: { fields: { text: ["Blank."] }, form: ["No."] },
    });
  });

  it("is unavailable on a network failure", async () => {
    expect(await callDjango("a/", {}, client(answering("network")))).toEqual({
      ok: false,
      error: "unavailable",
    });
  });

  it("a second 401 about the token keeps the session: unauthenticated", async () => {
    const onSessionRefused = vi.fn();
    const adapter = answering(
      [401, { code: "token_not_valid" }],
      [401, { code: "token_not_valid" }],
    );
    expect(await callDjango("a/", {}, client(adapter, onSessionRefused))).toEqual({
      ok: false,
      error: "unauthenticated",
    });
    expect(onSessionRefused).not.toHaveBeenCalled();
  });

  it("a second 401 refusing the user ends the session: session_expired", async () => {
    const onSessionRefused = vi.fn();
    const adapter = answering([401, { code: "token_not_valid" }], [401, { code: "user_inactive" }]);
    expect(await callDjango("a/", {}, client(adapter, onSessionRefused))).toEqual({
      ok: false,
      error: "session_expired",
    });
    expect(onSessionRefused).toHaveBeenCalledOnce();
  });
});
