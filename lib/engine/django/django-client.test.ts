import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { callDjango } from "./django-client";

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
    expect(outcome).toEqual({ kind: "ok", status: 201, data: { id: 1, text: "hi" } });
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
    expect(outcome).toMatchObject({ kind: "ok", status: 204 });
    expect(sent[0]?.init.body).toBeUndefined();
    expect(new Headers(sent[0]?.init.headers).get("content-type")).toBeNull();
  });

  it.each([
    [401, { detail: "Given token not valid for any token type" }, { kind: "unauthenticated" }],
    [403, { detail: "Nope." }, { kind: "forbidden", detail: "Nope." }],
    [403, "<html>", { kind: "forbidden" }],
    [404, { detail: "Not found." }, { kind: "not_found" }],
    [429, { detail: "Request was throttled." }, { kind: "unavailable" }],
    [405, { detail: "Method not allowed." }, { kind: "unavailable" }],
    [500, { error: "boom" }, { kind: "unavailable" }],
    [503, "<html>down</html>", { kind: "unavailable" }],
  ])("maps %i to its kind", async (status, body, expected) => {
    answer = reply(status, body);
    expect(await callDjango("notes/", "a", { schema: noteSchema })).toEqual(expected);
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
      kind: "invalid",
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
      kind: "invalid",
      errors: { fields: {}, form: [] },
    });
  });

  it("is unavailable for a 2xx body that is not JSON or does not match the schema", async () => {
    answer = reply(200, "<html>maintenance</html>");
    expect(await callDjango("notes/", "a", { schema: noteSchema })).toEqual({
      kind: "unavailable",
    });
    answer = reply(200, { id: "one" });
    expect(await callDjango("notes/", "a", { schema: noteSchema })).toEqual({
      kind: "unavailable",
    });
  });

  it("is unavailable when the network fails or Django does not answer in time", async () => {
    answer = () => Promise.reject(new TypeError("fetch failed"));
    expect(await callDjango("notes/", "a")).toEqual({ kind: "unavailable" });
    vi.stubGlobal("fetch", (_url: URL, init: RequestInit) => {
      return new Promise((_, reject) =>
        init.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
      );
    });
    expect(await callDjango("notes/", "a", { timeoutMs: 20 })).toEqual({ kind: "unavailable" });
  });

  it("throws for a path that would leave the API root (a programming error, not an outcome)", async () => {
    await expect(callDjango("../admin/", "a")).rejects.toMatchObject({ code: "invalid_path" });
  });
});
