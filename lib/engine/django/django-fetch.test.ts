import type * as Undici from "undici";
import { fetch, request, type Dispatcher } from "undici";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fetchFromDjango, requestFromDjango, type DjangoCall } from "./django-fetch";

// Which failures are sent once more, by code and method, with undici's senders replaced; the same
// rules against real sockets (a reset, a close crossing a reuse) are in
// tests/integration/django-fetch.test.ts, where each code cannot always be produced at will.
vi.mock("undici", async (importOriginal) => {
  const undici = await importOriginal<typeof Undici>();
  return { ...undici, request: vi.fn(), fetch: vi.fn() };
});

const URL = "http://django.test/api/notes/";
const call = (method: string, signal = new AbortController().signal): DjangoCall => ({
  method,
  headers: {},
  signal,
});
/** A connection's error as undici's request() throws it. */
const failure = (code: string) => Object.assign(new Error(`failed: ${code}`), { code });
const answer = (setCookie?: string | string[]) => ({
  statusCode: 200,
  headers: setCookie === undefined ? {} : { "set-cookie": setCookie },
  body: { text: () => Promise.resolve("{}") },
});

const requested = () => vi.mocked(request);
const dispatchersOf = (mock: { mock: { calls: unknown[][] } }) =>
  mock.mock.calls.map((args) => (args[1] as { dispatcher: Dispatcher }).dispatcher);

beforeEach(() => {
  vi.mocked(request).mockReset();
  vi.mocked(fetch).mockReset();
});

describe("requestFromDjango: which failures it sends once more", () => {
  it.each(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"])(
    "a pooled connection the server had closed (%s): again, on a connection of its own",
    async (code) => {
      requested()
        .mockRejectedValueOnce(failure(code))
        .mockResolvedValueOnce(answer() as never);
      await expect(requestFromDjango(URL, call("GET"))).resolves.toMatchObject({ status: 200 });
      const [pooled, oneOff] = dispatchersOf(requested());
      expect(oneOff).toBeDefined();
      expect(oneOff).not.toBe(pooled);
    },
  );

  it.each(["ECONNREFUSED", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_ABORTED", "ETIMEDOUT"])(
    "%s is not a stale connection: the caller's failure",
    async (code) => {
      requested().mockRejectedValueOnce(failure(code));
      await expect(requestFromDjango(URL, call("GET"))).rejects.toThrow(code);
      expect(requested()).toHaveBeenCalledTimes(1);
    },
  );

  it.each(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "get", "delete"])(
    "%s may be sent twice (RFC 9110, 9.2.2)",
    async (method) => {
      requested()
        .mockRejectedValueOnce(failure("ECONNRESET"))
        .mockResolvedValueOnce(answer() as never);
      await expect(requestFromDjango(URL, call(method))).resolves.toMatchObject({ status: 200 });
      expect(requested()).toHaveBeenCalledTimes(2);
    },
  );

  it.each(["POST", "PATCH", "post"])("%s is never sent twice", async (method) => {
    requested().mockRejectedValueOnce(failure("ECONNRESET"));
    await expect(requestFromDjango(URL, call(method))).rejects.toThrow("ECONNRESET");
    expect(requested()).toHaveBeenCalledTimes(1);
  });

  it("hands a failure that is not an error on as it is", async () => {
    requested().mockRejectedValueOnce(null);
    await expect(requestFromDjango(URL, call("GET"))).rejects.toBeNull();
    expect(requested()).toHaveBeenCalledTimes(1);
  });

  it("sends every retry through the same one-off connections, never the pool", async () => {
    for (let i = 0; i < 2; i++) {
      requested()
        .mockRejectedValueOnce(failure("UND_ERR_SOCKET"))
        .mockResolvedValueOnce(answer() as never);
      await requestFromDjango(URL, call("GET"));
    }
    const [pooled, oneOff, pooledAgain, oneOffAgain] = dispatchersOf(requested());
    expect(pooledAgain).toBe(pooled);
    expect(oneOffAgain).toBe(oneOff);
    expect(oneOff).not.toBe(pooled);
  });

  it("nor a call its caller has given up on", async () => {
    const caller = new AbortController();
    requested().mockImplementationOnce(() => {
      caller.abort();
      return Promise.reject(failure("ECONNRESET"));
    });
    await expect(requestFromDjango(URL, call("GET", caller.signal))).rejects.toThrow();
    expect(requested()).toHaveBeenCalledTimes(1);
  });
});

describe("fetchFromDjango: the same rules through fetch()'s TypeError", () => {
  const fetchFailure = (code: string) =>
    Object.assign(new TypeError("fetch failed"), { cause: failure(code) });

  it("looks at the cause fetch() wraps the connection's error in", async () => {
    vi.mocked(fetch)
      .mockRejectedValueOnce(fetchFailure("UND_ERR_SOCKET"))
      .mockResolvedValueOnce(new Response("{}") as never);
    expect((await fetchFromDjango(URL, { method: "GET" })).status).toBe(200);
    const [pooled, oneOff] = dispatchersOf(vi.mocked(fetch));
    expect(oneOff).not.toBe(pooled);
  });

  it("sends a request without a method as the GET it is", async () => {
    vi.mocked(fetch)
      .mockRejectedValueOnce(fetchFailure("EPIPE"))
      .mockResolvedValueOnce(new Response("{}") as never);
    expect((await fetchFromDjango(URL, {})).status).toBe(200);
  });

  it("never sends a body stream twice: it was read the first time", async () => {
    vi.mocked(fetch).mockRejectedValueOnce(fetchFailure("ECONNRESET"));
    const body = new ReadableStream({ start: (controller) => controller.close() });
    await expect(fetchFromDjango(URL, { method: "PUT", body })).rejects.toThrow("fetch failed");
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe("requestFromDjango's answer", () => {
  it("has a null body when the body broke off after the status", async () => {
    requested().mockResolvedValueOnce({
      ...answer(),
      body: { text: () => Promise.reject(new Error("other side closed")) },
    } as never);
    expect(await requestFromDjango(URL, call("POST"))).toEqual({
      status: 200,
      text: null,
      setCookies: [],
    });
  });

  it.each([
    ["none", undefined, []],
    ["one (undici gives a string)", "sessionid=1; Path=/", ["sessionid=1; Path=/"]],
    ["two (an array)", ["a=1", "b=2"], ["a=1", "b=2"]],
  ])("Set-Cookie lines, %s: a list", async (_, setCookie, expected) => {
    requested().mockResolvedValueOnce(answer(setCookie) as never);
    expect((await requestFromDjango(URL, call("POST"))).setCookies).toEqual(expected);
  });
});
