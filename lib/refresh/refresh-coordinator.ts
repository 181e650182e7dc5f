import type { TokenPair } from "@/lib/session/session-data";
import { createSingleFlight } from "./single-flight";
import type { RotationStore } from "./rotation-store";

export type RotationAtDjango =
  { kind: "rotated"; pair: TokenPair } | { kind: "rejected" } | { kind: "unavailable" };

export type RefreshOutcome =
  | { ok: true; status: "refreshed" | "reused" | "fresh"; pair: TokenPair }
  | { ok: false; error: "session_expired" | "upstream_unavailable" };

export type CoordinatorDeps = {
  store: RotationStore;
  /** One call to Django's refresh endpoint; must settle on its own (it is never abandoned). */
  rotate: (refreshToken: string) => Promise<RotationAtDjango>;
  hashToken: (refreshToken: string) => string;
  seal: (pair: TokenPair) => string;
  open: (sealed: string) => TokenPair | null;
  reuseWindowMs: number;
  /** How long a caller waits for Django before hearing `upstream_unavailable`. */
  callerWaitMs: number;
  /** How long one rotation may hold the cross-instance lock: longer than a Django call can take. */
  lockTtlMs: number;
  now?: () => number;
};

/** An access token with less than this left is refreshed anyway; it also absorbs clock skew. */
export const ACCESS_LEEWAY_MS = 2_000;
const MAX_CHAIN_STEPS = 64;
const LOCK_POLL_MS = 50;

export function createRefreshCoordinator(deps: CoordinatorDeps) {
  const now = deps.now ?? Date.now;
  const flights = createSingleFlight<RefreshOutcome>();

  /**
   * The successor a rotated token may still yield: its direct successor while that one has not
   * been rotated in turn (the client never stored it), else the newest one within the reuse window.
   */
  async function findReusableSuccessor(key: string): Promise<TokenPair | null> {
    const first = await deps.store.get(key);
    if (!first) return null;
    let latest = first;
    for (let step = 0; step < MAX_CHAIN_STEPS; step++) {
      const next = await deps.store.get(latest.successorKey);
      if (!next) break;
      if (now() - first.rotatedAt > deps.reuseWindowMs) return null;
      latest = next;
    }
    const pair = deps.open(latest.successor);
    return pair && pair.refreshExpires > now() ? pair : null;
  }

  /** Another instance may be rotating the same token: wait for its answer rather than race it. */
  async function reuseOrRotate(key: string, refreshToken: string): Promise<RefreshOutcome> {
    const deadline = now() + deps.lockTtlMs;
    for (;;) {
      const reusable = await findReusableSuccessor(key);
      if (reusable) return { ok: true, status: "reused", pair: reusable };
      const unlock = await deps.store.tryLock(key, deps.lockTtlMs);
      if (unlock) {
        try {
          return await rotateAtDjango(key, refreshToken);
        } finally {
          await unlock();
        }
      }
      if (now() > deadline) return { ok: false, error: "upstream_unavailable" };
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }

  async function rotateAtDjango(key: string, refreshToken: string): Promise<RefreshOutcome> {
    // The instance that held the lock before us may have stored its rotation just now.
    const reusable = await findReusableSuccessor(key);
    if (reusable) return { ok: true, status: "reused", pair: reusable };

    const result = await deps.rotate(refreshToken);
    if (result.kind === "rejected") return { ok: false, error: "session_expired" };
    if (result.kind === "unavailable") return { ok: false, error: "upstream_unavailable" };
    const { pair } = result;
    const rotation = {
      successorKey: deps.hashToken(pair.refreshToken),
      successor: deps.seal(pair),
      rotatedAt: now(),
    };
    await deps.store.set(key, rotation, pair.refreshExpires - now());
    return { ok: true, status: "refreshed", pair };
  }

  return {
    /** The one place that rotates: fresh, reused, or a single shared call to Django. */
    async refresh(current: TokenPair): Promise<RefreshOutcome> {
      if (current.refreshExpires <= now()) return { ok: false, error: "session_expired" };
      if (current.accessExpires - now() > ACCESS_LEEWAY_MS)
        return { ok: true, status: "fresh", pair: current };
      const key = deps.hashToken(current.refreshToken);
      // Single flight around lookup *and* rotation: no caller can miss a rotation that just landed.
      // Across instances, the store's lock plays the same part.
      const shared = flights(key, () => reuseOrRotate(key, current.refreshToken));
      return settleWithin(shared, deps.callerWaitMs);
    },

    /** For a session cookie that may be stale: the newer pair it may still use, if any. */
    async findSuccessor(current: TokenPair): Promise<TokenPair | null> {
      return findReusableSuccessor(deps.hashToken(current.refreshToken));
    },
  };
}

export type RefreshCoordinator = ReturnType<typeof createRefreshCoordinator>;

/** The caller stops waiting after `ms`; the shared work goes on and its result is stored. */
async function settleWithin(outcome: Promise<RefreshOutcome>, ms: number): Promise<RefreshOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<RefreshOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: "upstream_unavailable" }), ms);
  });
  try {
    return await Promise.race([outcome, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
