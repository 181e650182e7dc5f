import { afterEach, describe, expect, it, vi } from "vitest";
import { createDurableWrite } from "./durable-write";

afterEach(() => {
  vi.useRealTimers();
});

function persistWith(failures: number) {
  const warnings: string[] = [];
  const kept: Promise<unknown>[] = [];
  const persist = createDurableWrite({
    warn: (message) => warnings.push(message),
    keepAlive: (work) => kept.push(work),
  });
  let calls = 0;
  const write = vi.fn(async () => {
    calls += 1;
    if (calls <= failures) throw new Error("store down");
  });
  return { persist, write, warnings, kept };
}

describe("createDurableWrite", () => {
  it("writes once when the store answers", async () => {
    const { persist, write, warnings, kept } = persistWith(0);
    await persist(write);
    expect(write).toHaveBeenCalledOnce();
    expect(warnings).toEqual([]);
    expect(kept).toEqual([]);
  });

  it("retries a failed write in the background until it lands", async () => {
    vi.useFakeTimers();
    const { persist, write, warnings, kept } = persistWith(2);
    await persist(write);
    expect(kept).toHaveLength(1);
    expect(warnings).toEqual([
      "rotation store write failed after Django rotated; retrying in the background",
    ]);
    await vi.advanceTimersByTimeAsync(199);
    expect(write).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(warnings.at(-1)).toBe("rotation store write retry after 200 ms failed");
    await vi.advanceTimersByTimeAsync(1_000);
    await kept[0];
    expect(write).toHaveBeenCalledTimes(3);
    expect(warnings).toHaveLength(2);
  });

  it("gives up after three retries", async () => {
    vi.useFakeTimers();
    const { persist, write, warnings, kept } = persistWith(Infinity);
    await persist(write);
    await vi.advanceTimersByTimeAsync(6_200);
    await kept[0];
    expect(write).toHaveBeenCalledTimes(4);
    expect(warnings.at(-1)).toBe("rotation store write retry after 5000 ms failed");
  });
});
