import type { TokenPair } from "@/lib/session/session-data";
import { createChainEnd } from "./chain-end";
import { createChainRecords } from "./chain-records";
import { walkChain, type ChainPosition } from "./chain-walk";
import {
  ACCESS_LEEWAY_MS,
  EXPIRED,
  LOCK_MARGIN_MS,
  UNAVAILABLE,
  type CoordinatorDeps,
  type RefreshOutcome,
  type RefreshRequest,
  type SignOutRequest,
} from "./coordinator-types";
import { createDurableWrite } from "./durable-write";
import { createSingleFlight } from "./single-flight";

export * from "./coordinator-types";

const LOCK_POLL_MS = 50;

export function createRefreshCoordinator(deps: CoordinatorDeps) {
  const now = deps.now ?? Date.now;
  const warn = deps.warn ?? ((message, error) => console.warn(`[auth] ${message}`, error ?? ""));
  const keepAlive = deps.keepAlive ?? (() => undefined);
  const records = createChainRecords(deps);
  const flights = createSingleFlight<RefreshOutcome>();

  const isUsable = (pair: TokenPair) => pair.accessExpires - now() > ACCESS_LEEWAY_MS;
  const isEnded = async (chainId: string) => (await records.getEnd(chainId)) !== undefined;
  /** A token whose successor was itself rotated, presented after the reuse window. */
  const isReplay = (position: ChainPosition) =>
    position.kind === "rotated" &&
    position.hops > 0 &&
    now() - position.first.rotatedAt > deps.reuseWindowMs;

  const { endChain, answerReplay, isJustIssued } = createChainEnd({ ...deps, records, now, warn });
  const persist = createDurableWrite({ warn, keepAlive });

  /** Under the lock: the rotation at Django, its records, and the sign-out check after it. */
  async function rotateAtDjango(
    tokenKey: string,
    request: RefreshRequest,
    lockedAt: number,
  ): Promise<RefreshOutcome> {
    const timeoutMs = deps.lockTtlMs - LOCK_MARGIN_MS - (now() - lockedAt);
    if (timeoutMs <= 0) return UNAVAILABLE;
    const result = await deps.rotate(request.pair.refreshToken, timeoutMs);
    if (result.kind === "rejected") return EXPIRED;
    if (result.kind === "unavailable") return UNAVAILABLE;
    const { pair } = result;
    const { chainId } = request;
    const rotatedAt = now();
    const ttl = pair.refreshExpires - rotatedAt;
    const successorKey = records.tokenKey(pair.refreshToken);
    await persist(() =>
      records.setRotation(tokenKey, { successorKey, successor: pair, rotatedAt, chainId }, ttl),
    );
    await persist(() => records.setNewest(chainId, { newest: pair, rotatedAt }, ttl));
    // Signed out while Django rotated: the new token dies too, and no cookie comes back.
    const ended = await isEnded(chainId).catch((error: unknown) => {
      warn("could not check whether the chain ended", error);
      return false;
    });
    if (!ended) return { ok: true, status: "refreshed", pair, chainId };
    await deps.revoke(pair.refreshToken).catch((error: unknown) => {
      warn("could not blacklist a token issued after sign-out", error);
    });
    return EXPIRED;
  }

  /** The answer the store already holds, if any; `undefined` means "rotate this token". */
  async function answerFromStore(
    tokenKey: string,
    request: RefreshRequest,
  ): Promise<RefreshOutcome | undefined> {
    const position = await walkChain(records, tokenKey);
    if (position.kind === "unrotated") return undefined;
    const chainId = position.first.chainId ?? request.chainId;
    if (chainId !== request.chainId && (await isEnded(chainId))) return EXPIRED;
    if (isReplay(position) && deps.reuseDetection === "revoke")
      return answerReplay({ ...request, chainId });
    if (isReplay(position)) return undefined; // Detection off: Django decides (it refuses).
    const { newest, newestKey } = position;
    if (newest.refreshExpires <= now()) return EXPIRED;
    if (isUsable(newest)) return { ok: true, status: "reused", pair: newest, chainId };
    // The stored successor's access token is spent: rotate the successor, as one flight.
    if (newestKey === tokenKey) return undefined; // Rotation off: that is this very token.
    const next = { ...request, pair: newest, chainId };
    const outcome = await flights(newestKey, () => reuseOrRotate(newestKey, next));
    return outcome.ok ? { ...outcome, status: "refreshed" } : outcome;
  }

  /** Another instance may be rotating the same token: wait for its answer rather than race it. */
  async function reuseOrRotate(tokenKey: string, request: RefreshRequest): Promise<RefreshOutcome> {
    const deadline = now() + deps.lockTtlMs;
    for (;;) {
      const stored = await answerFromStore(tokenKey, request);
      if (stored) return stored;
      const unlock = await records.tryLock(tokenKey, deps.lockTtlMs);
      if (unlock) {
        const lockedAt = now();
        try {
          // The instance that held the lock before us may have stored its rotation just now.
          return (
            (await answerFromStore(tokenKey, request)) ??
            (await rotateAtDjango(tokenKey, request, lockedAt))
          );
        } finally {
          await unlock().catch((error: unknown) => warn("could not release a lock", error));
        }
      }
      if (now() > deadline) return UNAVAILABLE;
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }

  return {
    /** The one place that rotates: fresh, reused, or a single shared call to Django. */
    async refresh(request: RefreshRequest): Promise<RefreshOutcome> {
      const { pair, chainId } = request;
      if (pair.refreshExpires <= now()) return EXPIRED;
      if (await isEnded(chainId)) return EXPIRED;
      if (isUsable(pair) && !(request.accessRejected && !(await isJustIssued(request))))
        return { ok: true, status: "fresh", pair, chainId };
      const tokenKey = records.tokenKey(pair.refreshToken);
      // Single flight around lookup *and* rotation: no caller can miss a rotation that just landed.
      // Across instances, the store's lock plays the same part.
      const shared = flights(tokenKey, () => reuseOrRotate(tokenKey, request));
      keepAlive(shared);
      return settleWithin(shared, deps.callerWaitMs);
    },

    /** For a session cookie that may be stale: the newer pair it may still use, if any. */
    async findSuccessor(request: RefreshRequest): Promise<TokenPair | null> {
      if (await isEnded(request.chainId)) return null;
      const position = await walkChain(records, records.tokenKey(request.pair.refreshToken));
      if (position.kind === "unrotated" || isReplay(position)) return null;
      if (position.first.chainId && (await isEnded(position.first.chainId))) return null;
      return position.newest.refreshExpires > now() ? position.newest : null;
    },

    /** Sign-out: the newest token of the chain is blacklisted and no cookie of it works again. */
    signOut: (request: SignOutRequest) => endChain(request, "sign_out"),
  };
}

export type RefreshCoordinator = ReturnType<typeof createRefreshCoordinator>;

/** The caller stops waiting after `ms`; the shared work goes on and its result is stored. */
async function settleWithin(outcome: Promise<RefreshOutcome>, ms: number): Promise<RefreshOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<RefreshOutcome>((resolve) => {
    timer = setTimeout(() => resolve(UNAVAILABLE), ms);
  });
  try {
    return await Promise.race([outcome, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
