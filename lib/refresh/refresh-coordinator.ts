import type { TokenPair } from "@/lib/session/session-data";
import { createChainRecords, type RecordDeps } from "./chain-records";
import { walkChain, type ChainPosition } from "./chain-walk";
import { createSingleFlight } from "./single-flight";

export type RotationAtDjango =
  { kind: "rotated"; pair: TokenPair } | { kind: "rejected" } | { kind: "unavailable" };

/** What the caller knows: the cookie's pair and chain, and whether Django refused its access. */
export type RefreshRequest = {
  pair: TokenPair;
  /** Made at sign-in; cookies from before chains existed have none (one is given on rotation). */
  chainId: string;
  userId?: string;
  signedInAt?: number;
  /** Django refused the access token: "fresh" is not an answer. */
  accessRejected?: boolean;
};

/** Sign-out may come from a cookie older than chains: its chain is then read from the store. */
export type SignOutRequest = Omit<RefreshRequest, "chainId"> & { chainId?: string };

export type RefreshOutcome =
  | { ok: true; status: "refreshed" | "reused" | "fresh"; pair: TokenPair; chainId: string }
  | { ok: false; error: "session_expired" | "upstream_unavailable" };

export type SecurityEvent = {
  event: "refresh_token_reuse";
  userId: string | undefined;
  chainAgeMs: number | undefined;
  action: "chain_revoked";
};

export type CoordinatorDeps = RecordDeps & {
  /** One call to Django's refresh endpoint; must settle within `timeoutMs` on its own. */
  rotate: (refreshToken: string, timeoutMs: number) => Promise<RotationAtDjango>;
  /** Blacklists a refresh token at Django; throws if Django did not confirm. */
  revoke: (refreshToken: string) => Promise<void>;
  reuseWindowMs: number;
  reuseDetection: "revoke" | "off";
  /** How long a caller waits for Django before hearing `upstream_unavailable`. */
  callerWaitMs: number;
  /** How long one rotation may hold the cross-instance lock; Django's call gets less than that. */
  lockTtlMs: number;
  /** Keeps work alive after the response is sent (`after()` on Vercel). */
  keepAlive?: (work: Promise<unknown>) => void;
  logSecurityEvent?: (event: SecurityEvent) => void;
  warn?: (message: string, error?: unknown) => void;
  now?: () => number;
};

/** An access token with less than this left is refreshed anyway; it also absorbs clock skew. */
export const ACCESS_LEEWAY_MS = 2_000;
/** A pair younger than this answers "fresh" even to `accessRejected` (see isJustIssued). */
export const ACCESS_REJECTED_GRACE_MS = 5_000;
/** Django's call ends this long before the lock would lapse. */
export const LOCK_MARGIN_MS = 2_000;
const LOCK_POLL_MS = 50;
const STORE_RETRIES = [200, 1_000, 5_000];

const EXPIRED = { ok: false, error: "session_expired" } as const;
const UNAVAILABLE = { ok: false, error: "upstream_unavailable" } as const;

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

  /**
   * A pair issued moments ago cannot be the one Django refused: another tab's request carried the
   * previous cookie. Without this, tabs that renew one after another would rotate once each.
   */
  async function isJustIssued({ pair, chainId, signedInAt }: RefreshRequest): Promise<boolean> {
    const chain = await records.getNewest(chainId);
    const issuedAt = chain
      ? chain.newest.refreshToken === pair.refreshToken
        ? chain.rotatedAt
        : undefined
      : signedInAt;
    return issuedAt !== undefined && now() - issuedAt < ACCESS_REJECTED_GRACE_MS;
  }

  /** Ends the chain for good: marked in the store, its newest refresh token blacklisted. */
  async function endChain(
    request: SignOutRequest,
    reason: "sign_out" | "reuse_detected",
  ): Promise<void> {
    const ttl = request.pair.refreshExpires - now();
    const tokenKey = records.tokenKey(request.pair.refreshToken);
    const chainId = request.chainId ?? (await records.getRotation(tokenKey))?.chainId;
    // Marked first, then read: a rotation landing meanwhile either sees the mark or is seen here.
    if (chainId) await records.setEnd(chainId, { endedAt: now(), reason }, Math.max(ttl, 60_000));
    const start = (chainId && (await records.getNewest(chainId))?.newest) || request.pair;
    const position = await walkChain(records, records.tokenKey(start.refreshToken));
    const newest = position.kind === "rotated" ? position.newest : start;
    await deps.revoke(newest.refreshToken);
  }

  async function answerReplay(request: RefreshRequest): Promise<RefreshOutcome> {
    deps.logSecurityEvent?.({
      event: "refresh_token_reuse",
      userId: request.userId,
      chainAgeMs: request.signedInAt === undefined ? undefined : now() - request.signedInAt,
      action: "chain_revoked",
    });
    await endChain(request, "reuse_detected").catch((error: unknown) =>
      warn("reuse detected: could not blacklist the newest token of the chain", error),
    );
    return EXPIRED;
  }

  /** Never loses a rotation Django made: a failed write is retried after the answer is sent. */
  async function persist(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      warn("rotation store write failed after Django rotated; retrying in the background", error);
      keepAlive(retryWrite(write));
    }
  }

  async function retryWrite(write: () => Promise<void>): Promise<void> {
    for (const delay of STORE_RETRIES) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      try {
        await write();
        return;
      } catch (error) {
        warn(`rotation store write retry after ${delay} ms failed`, error);
      }
    }
  }

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
