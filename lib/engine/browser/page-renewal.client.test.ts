import { beforeEach, describe, expect, it, vi } from "vitest";
import type { RefreshResult } from "./tab-refresh.client";

const refreshSessionOnce =
  vi.fn<(sentAt: number, options: { accessRejected: boolean }) => Promise<RefreshResult>>();
vi.mock("./tab-refresh.client", () => ({ refreshSessionOnce }));

const renewed = (accessExpires: number): RefreshResult => ({
  ok: true,
  status: "refreshed",
  accessExpires,
  refreshExpires: accessExpires + 3_600_000,
});

/** The module keeps one renewal per page: each test gets a fresh page. */
async function freshPage() {
  vi.resetModules();
  return (await import("./page-renewal.client")).joinPageRenewal;
}

describe("joinPageRenewal: one renewal per page", () => {
  beforeEach(() => refreshSessionOnce.mockReset());

  it("gives every card of one render the same renewal, and re-renders the page once", async () => {
    const joinPageRenewal = await freshPage();
    refreshSessionOnce.mockResolvedValue(renewed(Date.now() + 60_000));
    const rerender = vi.fn();
    const cards = await Promise.all([
      joinPageRenewal("render-1", rerender),
      joinPageRenewal("render-1", rerender),
      joinPageRenewal("render-1", rerender),
    ]);
    expect(new Set(cards).size).toBe(1);
    expect(refreshSessionOnce).toHaveBeenCalledTimes(1);
    expect(refreshSessionOnce).toHaveBeenCalledWith(Number.POSITIVE_INFINITY, {
      accessRejected: false,
    });
    expect(rerender).toHaveBeenCalledTimes(1);
  });

  it("answers a 401 from a later render 'refused' while the renewed token is valid: no loop", async () => {
    const joinPageRenewal = await freshPage();
    refreshSessionOnce.mockResolvedValue(renewed(Date.now() + 60_000));
    await joinPageRenewal("render-1", vi.fn());
    const rerender = vi.fn();
    expect(await joinPageRenewal("render-2", rerender)).toBe("refused");
    expect(refreshSessionOnce).toHaveBeenCalledTimes(1);
    expect(rerender).not.toHaveBeenCalled();
  });

  it("renews again once the renewed access token has expired", async () => {
    const joinPageRenewal = await freshPage();
    refreshSessionOnce.mockResolvedValueOnce(renewed(Date.now() - 1));
    await joinPageRenewal("render-1", vi.fn());
    refreshSessionOnce.mockResolvedValueOnce(renewed(Date.now() + 60_000));
    const rerender = vi.fn();
    expect(await joinPageRenewal("render-2", rerender)).toMatchObject({ ok: true });
    expect(refreshSessionOnce).toHaveBeenCalledTimes(2);
    expect(rerender).toHaveBeenCalledTimes(1);
  });

  it("a retry tells the server the renewed token was refused, even while it looks valid", async () => {
    const joinPageRenewal = await freshPage();
    refreshSessionOnce.mockResolvedValue(renewed(Date.now() + 60_000));
    await joinPageRenewal("render-1", vi.fn());
    await joinPageRenewal("render-1", vi.fn(), { isRetry: true });
    expect(refreshSessionOnce).toHaveBeenCalledTimes(2);
    expect(refreshSessionOnce).toHaveBeenLastCalledWith(Number.POSITIVE_INFINITY, {
      accessRejected: true,
    });
  });

  it("does not re-render the page when the renewal failed", async () => {
    const joinPageRenewal = await freshPage();
    refreshSessionOnce.mockResolvedValue({ ok: false, error: "upstream_unavailable" });
    const rerender = vi.fn();
    expect(await joinPageRenewal("render-1", rerender)).toEqual({
      ok: false,
      error: "upstream_unavailable",
    });
    expect(rerender).not.toHaveBeenCalled();
    // Nothing settled ok: the next render's 401 tries again.
    await joinPageRenewal("render-2", rerender);
    expect(refreshSessionOnce).toHaveBeenCalledTimes(2);
  });
});
