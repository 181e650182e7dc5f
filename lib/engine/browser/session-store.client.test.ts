import { describe, expect, it, vi } from "vitest";
import { createSessionStore, type SessionSeed } from "./session-store.client";

const MINUTE = 60_000;
const T0 = 1_800_000_000_000;
const LEAD = 2 * MINUTE;

const seed: SessionSeed = {
  user: { id: "7", username: "ada", email: "ada@example.com" },
  accessExpires: T0 + 5 * MINUTE,
  refreshExpires: T0 + 60 * MINUTE,
  sessionEndsAt: null,
  idleEndsAt: T0 + 10 * MINUTE,
};

const renewal = (at: number) =>
  ({
    type: "refresh-finished",
    outcome: "refreshed",
    accessExpires: at + 5 * MINUTE,
    refreshExpires: at + 60 * MINUTE,
    sessionEndsAt: null,
    idleEndsAt: at + 10 * MINUTE,
  }) as const;

describe("the session store behind useSession()", () => {
  it("goes authenticated → expiring → signed-out when another tab signs out", () => {
    const store = createSessionStore(seed, { warningLeadMs: LEAD });
    expect(store.getSnapshot()).toMatchObject({ status: "authenticated", user: seed.user });

    store.tick(seed.idleEndsAt! - LEAD - 1);
    expect(store.getSnapshot().status).toBe("authenticated");
    store.tick(seed.idleEndsAt! - LEAD);
    expect(store.getSnapshot()).toMatchObject({ status: "expiring", endReason: "idle_timeout" });

    store.receive({ type: "signed-out" });
    expect(store.getSnapshot()).toEqual({
      status: "signed-out",
      user: null,
      deadlines: null,
      endReason: null,
    });
  });

  it("moves the deadlines on a renewal from any tab, which ends the warning", () => {
    const store = createSessionStore(seed, { warningLeadMs: LEAD });
    const at = seed.idleEndsAt! - MINUTE;
    store.tick(at);
    expect(store.getSnapshot().status).toBe("expiring");

    store.receive(renewal(at));
    expect(store.getSnapshot()).toMatchObject({
      status: "authenticated",
      endReason: null,
      deadlines: { accessExpires: at + 5 * MINUTE, idleEndsAt: at + 10 * MINUTE },
    });
  });

  it("keeps the limits when a renewal did not report them", () => {
    const store = createSessionStore(seed, { warningLeadMs: LEAD });
    store.receive({ type: "refresh-finished", outcome: "fresh", accessExpires: T0 + 9 * MINUTE });
    expect(store.getSnapshot().deadlines).toEqual({
      accessExpires: T0 + 9 * MINUTE,
      refreshExpires: seed.refreshExpires,
      sessionEndsAt: null,
      idleEndsAt: seed.idleEndsAt,
    });
  });

  it("ends with the reason when this tab's refresh says the session is over, and stays ended", () => {
    const store = createSessionStore(seed, { warningLeadMs: LEAD });
    store.receive({ type: "refresh-finished", outcome: "session_expired", reason: "idle_timeout" });
    expect(store.getSnapshot()).toMatchObject({ status: "signed-out", endReason: "idle_timeout" });

    store.receive(renewal(T0));
    store.seed(seed);
    expect(store.getSnapshot()).toMatchObject({ status: "signed-out", user: null });
  });

  it("keeps the session through a failed refresh: only session_expired ends it", () => {
    const store = createSessionStore(seed, { warningLeadMs: LEAD });
    store.receive({ type: "refresh-finished", outcome: "upstream_unavailable" });
    expect(store.getSnapshot().status).toBe("authenticated");
  });

  it("never holds a token, whatever the seed or the events carry", () => {
    const leaky = { ...seed, accessToken: "eyJ.access", refreshToken: "eyJ.refresh" };
    const store = createSessionStore(leaky, { warningLeadMs: LEAD });
    store.tick(T0);
    store.receive({ ...renewal(T0), accessToken: "eyJ.new" } as ReturnType<typeof renewal>);
    store.seed({ ...leaky, accessExpires: T0 + 7 * MINUTE });
    for (const state of [store.getSnapshot(), store.getServerSnapshot()]) {
      expect(JSON.stringify(state)).not.toMatch(/token|eyJ/i);
    }
  });

  it("re-renders nobody on a tick that changes nothing, and hydrates as the server rendered", () => {
    const store = createSessionStore(seed, { warningLeadMs: LEAD });
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    const before = store.getSnapshot();
    store.tick(T0);
    store.tick(T0 + 1_000);
    expect(store.getSnapshot()).toBe(before);
    expect(store.readClock()).toBe(T0 + 1_000);
    expect(listener).toHaveBeenCalledTimes(2); // The clock's readers still hear the tick.

    store.tick(seed.idleEndsAt!);
    expect(store.getSnapshot().status).toBe("expiring");
    expect(store.getServerSnapshot().status).toBe("authenticated");
    unsubscribe();
    store.tick(T0);
    expect(listener).toHaveBeenCalledTimes(3);
  });

  it("takes a later server render's values", () => {
    const store = createSessionStore(seed, { warningLeadMs: LEAD });
    store.seed({ ...seed, idleEndsAt: T0 + 30 * MINUTE });
    expect(store.getSnapshot().deadlines?.idleEndsAt).toBe(T0 + 30 * MINUTE);
  });
});
