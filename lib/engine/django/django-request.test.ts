import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { installTestEngine } from "@/lib/engine/test-engine";
import { DjangoUnavailableError, postToDjango } from "./django-request";

// Django answers through a stubbed global fetch; the clock is fake, so a deadline is a count.
vi.mock("@/lib/engine/django/django-fetch", () => import("./fetch-test-kit"));

beforeEach(() => {
  installTestEngine();
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setImmediate", "clearImmediate"] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("a call to Django and its deadline", () => {
  it("stops its deadline once the answer is read: nothing of the call is held until it", async () => {
    vi.stubGlobal("fetch", async () => Response.json({ access: "a", refresh: "r" }));
    const reply = await postToDjango("token/refresh/", { refresh: "r" }, { timeoutMs: 5_000 });
    expect(reply.status).toBe(200);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("stops it too when Django cannot be reached", async () => {
    vi.stubGlobal("fetch", async () => Promise.reject(new TypeError("fetch failed")));
    await expect(postToDjango("token/", {}, { timeoutMs: 5_000 })).rejects.toBeInstanceOf(
      DjangoUnavailableError,
    );
    expect(vi.getTimerCount()).toBe(0);
  });

  it("gives up on a Django that never answers at the deadline, as unavailable", async () => {
    let aborted: unknown;
    let asked = () => undefined as void;
    const isAsked = new Promise<void>((resolve) => (asked = resolve));
    vi.stubGlobal("fetch", (_: URL, init: RequestInit) => {
      asked();
      return new Promise((_resolve, reject) =>
        init.signal?.addEventListener("abort", () => reject((aborted = init.signal?.reason))),
      );
    });
    const call = postToDjango("token/", {}, { timeoutMs: 5_000 });
    await isAsked;
    const outcome = expect(call).rejects.toBeInstanceOf(DjangoUnavailableError);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(aborted).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await vi.runOnlyPendingTimersAsync(); // The deadline's setImmediate, after the sockets are read.
    await outcome;
    expect((aborted as Error).name).toBe("TimeoutError");
  });
});
