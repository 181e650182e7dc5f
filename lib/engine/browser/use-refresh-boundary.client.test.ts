import { describe, expect, it } from "vitest";
import { settleRenewal } from "./use-refresh-boundary.client";

describe("settleRenewal: what a card does with its page renewal's answer", () => {
  it("waits for the re-render when the renewal succeeded", () => {
    const renewed = { ok: true, status: "refreshed", accessExpires: 2, refreshExpires: 3 } as const;
    expect(settleRenewal(renewed)).toEqual({ next: "rerender" });
  });

  it("says 'refused' when the renewed token is still valid: no second renewal, no loop", () => {
    expect(settleRenewal("refused")).toEqual({ next: "show", state: "refused" });
  });

  it("keeps the session when the server is unavailable", () => {
    expect(settleRenewal({ ok: false, error: "upstream_unavailable" })).toEqual({
      next: "show",
      state: "unavailable",
    });
  });

  it("sends the user to sign in, with the reason, only when the session is over", () => {
    expect(settleRenewal({ ok: false, error: "session_expired", reason: "idle_timeout" })).toEqual({
      next: "sign-in",
      reason: "idle_timeout",
    });
    expect(settleRenewal({ ok: false, error: "session_expired" })).toEqual({
      next: "sign-in",
      reason: undefined,
    });
  });
});
