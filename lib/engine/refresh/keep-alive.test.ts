import { after } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { keepAlive } from "./keep-alive";

vi.mock("next/server", () => ({ after: vi.fn() }));

describe("keepAlive", () => {
  it("hands the work to after(), which waits for it", async () => {
    const work = Promise.resolve("done");
    keepAlive(work);
    const [callback] = vi.mocked(after).mock.calls[0] ?? [];
    expect(await (callback as () => Promise<unknown>)()).toBe("done");
  });

  it("does nothing outside a request scope", () => {
    vi.mocked(after).mockImplementationOnce(() => {
      throw new Error("`after` was called outside a request scope");
    });
    expect(() => keepAlive(Promise.resolve())).not.toThrow();
  });
});
