import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { callDjangoWithToken } from "./django-client";

// These tests answer for Django through a stubbed global fetch.
vi.mock("@/lib/engine/django/django-fetch", () => import("./fetch-test-kit"));

const callDjango = async (...args: Parameters<typeof callDjangoWithToken>) =>
  (await callDjangoWithToken(...args)).outcome;

type Sent = { url: string; init: RequestInit };

let sent: Sent[] = [];
let answer: () => Promise<Response>;

beforeEach(() => {
  sent = [];
  vi.stubGlobal("fetch", (url: URL, init: RequestInit) => {
    sent.push({ url: String(url), init });
    return answer();
  });
});
afterEach(() => vi.unstubAllGlobals());

const noteSchema = z.object({ id: z.number(), text: z.string() });
const reply = (status: number, body?: unknown) => () =>
  Promise.resolve(
    body === undefined
      ? new Response(null, { status })
      : new Response(typeof body === "string" ? body : JSON.stringify(body), { status }),
  );

describe("callDjango's outcomes", () => {
  it("is ok with the parsed data on 2xx, and sends method, JSON body and Bearer", async () => {
    answer = reply(201, { id: 1, text: "hi", extra: true });
    const outcome = await callDjango("notes/", "access-1", {
      method: "POST",
      body: { text: "hi" },
      schema: noteSchema,
    });
    expect(outcome).toEqual({ ok: true, status: 201, data: { id: 1, text: "hi" } });
    const headers = new Headers(sent[0]?.init.headers);
    expect(sent[0]?.url).toBe("http://127.0.0.1:8000/api/notes/");
    expect(sent[0]?.init.method).toBe("POST");
    expect(sent[0]?.init.body).toBe('{"text":"hi"}');
    expect(headers.get("authorization")).toBe("Bearer access-1");
    expect(headers.get("content-type")).toBe("application/json");
  });

  it("is ok for a DELETE's empty 204 without a schema, and sends no body", async () => {
    answer = reply(204);
    const outcome = await callDjango("notes/3/", "a", { method: "DELETE" });
    expect(outcome).toMatchObject({ ok: true, status: 204 });
    expect(sent[0]?.init.body).toBeUndefined();
    expect(new Headers(sent[0]?.init.headers).get("content-type")).toBeNull();
  });

  it.each([
    [
      401,
      { detail: "Given token not valid for any token type" },
      { ok: false, error: "unauthenticated" },
    ],
    [403, { detail: "Nope." }, { ok: false, error: "forbidden" }],
    [403, "<html>", { ok: false, error: "forbidden" }],
    [404, { detail: "Not found." }, { ok: false, error: "not_found" }],
    [429, { detail: "Request was throttled." }, { ok: false, error: "unavailable", status: 429 }],
    [405, { detail: "Method not allowed." }, { ok: false, error: "unavailable", status: 405 }],
    [500, { error: "boom" }, { ok: false, error: "unavailable", status: 500 }],
    [503, "<html>down</html>", { ok: false, error: "unavailable", status: 503 }],
  ])("maps %i to its failure", async (status, body, expected) => {
    answer = reply(status, body);
    expect(await callDjango("notes/", "a", { schema: noteSchema })).toEqual(expected);
  });

  it("sends a query string: the path's own, then the query option's, encoded once", async () => {
    answer = reply(200, []);
    await callDjango("user/?limit=3&offset=0", "a", { query: { search: "a&b c", tag: [1, 2] } });
    expect(sent[0]?.url).toBe(
      "http://127.0.0.1:8000/api/user/?limit=3&offset=0&search=a%26b+c&tag=1&tag=2",
    );
    answer = reply(200, []);
    await callDjango("user/", "a", { query: { page: 2 } });
    expect(sent[1]?.url).toBe("http://127.0.0.1:8000/api/user/?page=2");
  });

  it("hands a server component DRF's page links as proxy paths, never Django's origin", async () => {
    answer = reply(200, {
      count: 3,
      next: "http://127.0.0.1:8000/api/notes/?limit=1&offset=1",
      previous: null,
      results: [{ id: 1, text: "a" }],
    });
    const outcome = await callDjango("notes/", "a", { query: { limit: 1 } });
    expect(outcome).toMatchObject({
      ok: true,
      data: { next: "/api/django/notes/?limit=1&offset=1", previous: null },
    });
  });

  it("is invalid with Django's field errors, non-field errors and detail apart", async () => {
    answer = reply(400, {
      text: ["This field may not be blank."],
      title: "Too long.",
      tags: { 0: ["bad"] },
      non_field_errors: ["Pick one."],
      detail: "Check the form.",
    });
    expect(await callDjango("notes/", "a", { method: "POST", body: {} })).toEqual({
      ok: false,
      error: "invalid",
      errors: {
        fields: {
          text: ["This field may not be blank."],
          title: ["Too long."],
          tags: ["Invalid value."],
        },
        form: ["Pick one.", "Check the form."],
      },
    });
  });

  it("is invalid with no errors for a 400 whose body is not JSON", async () => {
    answer = reply(400, "Bad Request");
    expect(await callDjango("notes/", "a")).toEqual({
      ok: false,
      error: "invalid",
      errors: { fields: {}, form: [] },
    });
  });

  it("is unavailable for a 2xx body that is not JSON or does not match the schema", async () => {
    answer = reply(200, "<html>maintenance</html>");
    expect(await callDjango("notes/", "a", { schema: noteSchema })).toEqual({
      ok: false,
      error: "unavailable",
    });
    answer = reply(200, { id: "one" });
    expect(await callDjango("notes/", "a", { schema: noteSchema })).toEqual({
      ok: false,
      error: "unavailable",
    });
  });

  it("is unavailable when the network fails or Django does not answer in time", async () => {
    answer = () => Promise.reject(new TypeError("fetch failed"));
    expect(await callDjango("notes/", "a")).toEqual({ ok: false, error: "unavailable" });
    vi.stubGlobal("fetch", (_url: URL, init: RequestInit) => {
      return new Promise((_, reject) =>
        init.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
      );
    });
    expect(await callDjango("notes/", "a", { timeoutMs: 20 })).toEqual({
      ok: false,
      error: "unavailable",
    });
  });

  it.each([
    ["user_inactive", true],
    ["user_not_found", true],
    ["token_not_valid", false],
  ])("marks a 401 with code %s as refusing the user: %s", async (code, isUserRefused) => {
    answer = reply(401, { detail: "x", code });
    expect(await callDjangoWithToken("me/", "a")).toEqual({
      outcome: { ok: false, error: "unauthenticated" },
      isUserRefused,
    });
  });

  it("throws for a path that would leave the API root (a programming error, not an outcome)", async () => {
    await expect(callDjango("../admin/", "a")).rejects.toMatchObject({ code: "invalid_path" });
  });
});
