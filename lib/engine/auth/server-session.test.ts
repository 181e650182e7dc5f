import { afterEach, describe, expect, it, vi } from "vitest";

const requestHeaders = new Headers();
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: () => undefined, getAll: () => [] }),
  headers: async () => requestHeaders,
}));
const redirect = vi.fn((url: string) => {
  throw new Error(`redirect ${url}`);
});
vi.mock("next/navigation", () => ({ redirect }));

const { requireBrowserSafeSession } = await import("./server-session");

describe("requireBrowserSafeSession without a session", () => {
  afterEach(() => requestHeaders.delete("x-return-path"));

  it("sends the user to /login and back to the path middleware passed on", async () => {
    requestHeaders.set("x-return-path", "/dashboard/notes?page=2");
    await expect(requireBrowserSafeSession()).rejects.toThrow(
      "redirect /login?callbackUrl=%2Fdashboard%2Fnotes%3Fpage%3D2",
    );
  });

  it("never back to another site, whatever the header says", async () => {
    requestHeaders.set("x-return-path", "//evil.example/");
    await expect(requireBrowserSafeSession()).rejects.toThrow(
      "redirect /login?callbackUrl=%2Fdashboard",
    );
  });
});
