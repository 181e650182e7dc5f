import { describe, expect, it, vi } from "vitest";
import { createSingleFlight } from "./single-flight";

describe("createSingleFlight", () => {
  it("runs one task per key at a time and starts afresh once it settles", async () => {
    const run = createSingleFlight<number>();
    let release!: (value: number) => void;
    const task = vi.fn(() => new Promise<number>((resolve) => (release = resolve)));
    const callers = [run("a", task), run("a", task), run("a", task)];
    expect(task).toHaveBeenCalledOnce();
    release(7);
    expect(await Promise.all(callers)).toEqual([7, 7, 7]);
    await run("a", async () => 8);
    expect(await run("a", async () => 9)).toBe(9);
  });

  it("keeps keys apart and forgets a failed task", async () => {
    const run = createSingleFlight<string>();
    expect(await Promise.all([run("a", async () => "A"), run("b", async () => "B")])).toEqual([
      "A",
      "B",
    ]);
    await expect(run("c", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await run("c", async () => "ok")).toBe("ok");
  });
});
