import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { proxyToDjango } from "./proxy-to-django";

// These tests answer for Django through a stubbed global fetch.
vi.mock("@/lib/engine/django/django-fetch", () => import("./fetch-test-kit"));

const reported = vi.hoisted(() => ({ recordProxyFailure: vi.fn() }));
vi.mock("@/lib/engine/observability/record-auth-event", () => reported);

type Sent = { url: string; init: RequestInit & { signal: AbortSignal } };

let sent: Sent[] = [];
let answer: (init: Sent["init"]) => Promise<Response>;
/** Django that never answers: the request ends only when its signal aborts, as with real fetch. */
const hang = (init: Sent["init"]) =>
  new Promise<Response>((_, reject) =>
    init.signal.addEventListener("abort", () => reject(init.signal.reason)),
  );

beforeEach(() => {
  sent = [];
  answer = async () => Response.json({ ok: true });
  vi.stubGlobal("fetch", (url: URL, init: Sent["init"]) => {
    sent.push({ url: String(url), init });
    return answer(init);
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const proxy = (path: string, init: ConstructorParameters<typeof NextRequest>[1] = {}) =>
  proxyToDjango(new NextRequest(`http://app.test/api/django/${path}`, init), "access-1");

describe("proxyToDjango", () => {
  it("sends the bearer token and none of the browser's cookies or credentials", async () => {
    await proxy("me/?x=1", {
      headers: { cookie: "a=b", authorization: "Bearer forged", accept: "application/json" },
    });
    const headers = new Headers(sent[0]?.init.headers);
    expect(sent[0]?.url).toBe("http://127.0.0.1:8000/api/me/?x=1");
    expect(headers.get("authorization")).toBe("Bearer access-1");
    expect(headers.get("cookie")).toBeNull();
    expect(headers.get("accept")).toBe("application/json");
  });

  it("points DRF's page links at the proxy in a JSON answer, and streams any other body as is", async () => {
    const api = "http://127.0.0.1:8000/api";
    const page = { next: `${api}/notes/?limit=2&offset=2`, previous: null, results: [] };
    answer = async () => Response.json(page, { headers: { "content-type": "application/json" } });
    expect(await (await proxy("notes/?limit=2")).json()).toEqual({
      ...page,
      next: "/api/django/notes/?limit=2&offset=2",
    });
    const csv = `"${api}/notes/",1\n`;
    answer = async () => new Response(csv, { headers: { "content-type": "text/csv" } });
    expect(await (await proxy("notes/export/")).text()).toBe(csv);
  });

  it.each([
    ["application/json; charset=utf-8", true],
    ["Application/JSON", true],
    ["application/vnd.api+json", true],
    ["application/problem+json", true],
    ["text/plain; profile=application/json", false],
    ["text/csv", false],
  ])("rewrites the links of an answer of type %s: %s", async (type, isRewritten) => {
    const body = '{"next":"http://127.0.0.1:8000/api/notes/?offset=2"}';
    answer = async () => new Response(body, { headers: { "content-type": type } });
    const text = await (await proxy("notes/")).text();
    expect(text).toBe(isRewritten ? '{"next":"/api/django/notes/?offset=2"}' : body);
  });

  it.each([
    ["text/html; charset=utf-8", true],
    ["TEXT/HTML", true],
    ["application/xhtml+xml", true],
    ["text/plain; note=text/html", false],
    ["application/json", false],
  ])("takes a 404 of type %s for an HTML page: %s", async (type, isHtml) => {
    const body = "<html>DEBUG = True</html>";
    answer = async () => new Response(body, { status: 404, headers: { "content-type": type } });
    const text = await (await proxy("notes/")).text();
    expect(text).toBe(
      isHtml
        ? JSON.stringify({ detail: "Django answered 404 with an HTML page, not passed on." })
        : body,
    );
  });

  it("replaces a bodiless HTML 404 too (Django's answer to a HEAD)", async () => {
    answer = async () =>
      new Response(null, { status: 404, headers: { "content-type": "text/html" } });
    const replaced = await proxy("notes/", { method: "HEAD" });
    expect(replaced.status).toBe(404);
    expect(replaced.headers.get("content-type")).toBe("application/json");
  });

  it("forwards no body and no Content-Length for a bodiless DELETE", async () => {
    const body = new ReadableStream({ start: (controller) => controller.close() });
    await proxy("notes/1/", { method: "DELETE", body, duplex: "half" } as {
      method: string;
      body: ReadableStream;
    });
    expect(sent[0]?.init.body).toBeUndefined();
    expect(new Headers(sent[0]?.init.headers).has("content-length")).toBe(false);
  });

  it("replaces a 5xx body, and applies the header rules to other answers", async () => {
    answer = async () =>
      new Response("<html>HTTP_AUTHORIZATION Bearer access-1</html>", {
        status: 500,
        headers: { "content-type": "text/html", "cache-control": "public" },
      });
    const failed = await proxy("me/");
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: "upstream_error", status: 500 });
    expect(failed.headers.get("cache-control")).toBe("private, no-store");

    answer = async () =>
      new Response("{}", { status: 302, headers: { location: "http://127.0.0.1:8000/api/x/" } });
    const redirected = await proxy("me/");
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("location")).toBe("/api/django/x/");
    expect(redirected.headers.get("content-security-policy")).toBe("sandbox");
  });

  it.each([400, 403, 404])(
    "replaces an HTML %i (a debug page lists the Bearer), passes a JSON one",
    async (status) => {
      answer = async () =>
        new Response("<html>DEBUG = True … HTTP_AUTHORIZATION 'Bearer access-1'</html>", {
          status,
          headers: { "content-type": "text/html; charset=utf-8" },
        });
      const replaced = await proxy("notes/");
      expect(replaced.status).toBe(status);
      expect(await replaced.json()).toEqual({
        detail: `Django answered ${status} with an HTML page, not passed on.`,
      });
      expect(replaced.headers.get("content-type")).toBe("application/json");

      answer = async () => Response.json({ detail: "Not found." }, { status });
      expect(await (await proxy("notes/")).json()).toEqual({ detail: "Not found." });
    },
  );

  it("streams an HTML page with a success status as it is", async () => {
    answer = async () =>
      new Response("<p>report</p>", { headers: { "content-type": "text/html" } });
    expect(await (await proxy("report/")).text()).toBe("<p>report</p>");
  });

  it("times only the wait for headers, not a long body", async () => {
    vi.useFakeTimers();
    const response = await proxy("me/");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent[0]?.init.signal.aborted).toBe(false);
    expect(response.status).toBe(200);
  });

  it("gives up when Django sends no headers within 30 s", async () => {
    vi.useFakeTimers();
    answer = hang;
    const outcome = proxy("me/").catch((error: { code?: string }) => error.code);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(sent[0]?.init.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1_001);
    expect(await outcome).toBe("upstream_unavailable");
  });

  it("passes the browser hanging up on to Django", async () => {
    const browser = new AbortController();
    answer = hang;
    const outcome = proxy("me/", { signal: browser.signal }).catch(() => "aborted");
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]?.init.signal.aborted).toBe(false);
    browser.abort();
    expect(sent[0]?.init.signal.aborted).toBe(true);
    expect(await outcome).toBe("aborted");
  });
});

describe("proxyToDjango's request headers and failures", () => {
  it("forwards only the headers the browser sent, and a body's length", async () => {
    await proxy("notes/", { method: "POST", body: '{"a":1}', headers: { "content-length": "7" } });
    const headers = new Headers(sent[0]?.init.headers);
    expect(headers.get("content-length")).toBe("7");
    expect(headers.has("accept-language")).toBe(false);
    expect(headers.has("if-match")).toBe(false);
  });

  it("drops Content-Length when no body is forwarded", async () => {
    await proxy("notes/1/", { method: "DELETE", body: "", headers: { "content-length": "0" } });
    expect(sent[0]?.init.body).toBeUndefined();
    expect(new Headers(sent[0]?.init.headers).has("content-length")).toBe(false);
  });

  it("replaces a bodiless 5xx too, and logs both failures on the server", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    answer = async () => new Response(null, { status: 502 });
    const failed = await proxy("me/");
    expect(await failed.json()).toEqual({ error: "upstream_error", status: 502 });
    expect(warn).toHaveBeenLastCalledWith("[proxy] GET /api/me/: Django answered 502");

    vi.useFakeTimers();
    answer = hang;
    const outcome = proxy("me/").catch((error: { code?: string }) => error.code);
    await vi.advanceTimersByTimeAsync(30_001);
    expect(await outcome).toBe("upstream_unavailable");
    const [message, error] = warn.mock.lastCall ?? [];
    expect(message).toBe("[proxy] GET /api/me/: Django unavailable");
    expect(error).toMatchObject({ name: "TimeoutError", message: "Django sent no headers" });
    warn.mockRestore();
  });
});

describe("proxyToDjango's failure reports", () => {
  beforeEach(() => {
    reported.recordProxyFailure.mockClear();
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  const lastReport = () => reported.recordProxyFailure.mock.lastCall?.[0];

  it("reports Django's 5xx with its status and how long it took", async () => {
    answer = async () => new Response(null, { status: 503 });
    await proxy("me/?secret=1");
    expect(lastReport()).toMatchObject({ method: "GET", path: "/api/django/me/", status: 503 });
    expect(lastReport()?.durationMs).toBeGreaterThanOrEqual(0);
    expect(lastReport()?.durationMs).toBeLessThan(10_000);
  });

  it("tells a timeout from a network failure, and reports nothing for a good answer", async () => {
    await proxy("me/");
    expect(reported.recordProxyFailure).not.toHaveBeenCalled();

    answer = async () => Promise.reject(new TypeError("fetch failed"));
    await proxy("me/").catch(() => undefined);
    expect(lastReport()).toMatchObject({ status: "network" });

    vi.useFakeTimers();
    answer = hang;
    const outcome = proxy("me/").catch(() => undefined);
    await vi.advanceTimersByTimeAsync(30_001);
    await outcome;
    expect(lastReport()).toMatchObject({ status: "timeout" });
  });

  it("does not call Django for a browser that already hung up", async () => {
    const browser = new AbortController();
    browser.abort();
    // Like real fetch: a signal that is already aborted rejects at once.
    answer = (init) => (init.signal.aborted ? Promise.reject(init.signal.reason) : hang(init));
    await proxy("me/", { signal: browser.signal }).catch(() => undefined);
    expect(sent[0]?.init.signal.aborted).toBe(true);
    expect(lastReport()).toMatchObject({ status: "network" });
  });
});
