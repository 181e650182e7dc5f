import { after } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { keepAlive } from "./keep-alive";

vi.mock("next/server", () => ({ after: vi.fn() }));

describe("keepAlive", () => {
  it("hands the work itself to after(), which waits for it", () => {
    const work = Promise.resolve("done");
    keepAlive(work);
    expect(vi.mocked(after)).toHaveBeenCalledWith(work);
  });

  it("does nothing outside a request scope", () => {
    vi.mocked(after).mockImplementationOnce(() => {
      throw new Error("`after` was called outside a request scope");
    });
    expect(() => keepAlive(Promise.resolve())).not.toThrow();
  });
});
