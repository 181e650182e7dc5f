import { settleWithin } from "@/lib/engine/deadline";
import type { TokenPair } from "@/lib/engine/session/session-data";
import { createChainEnd } from "./chain-end";
import {
  createChainRecords,
  type ChainEnd,
  type ChainState,
  type EndAfterWrite,
  type HeldLock,
} from "./chain-records";
import { advanceChain, locateToken, type ChainPosition } from "./chain-position";
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
import { newTrace, toDecision, type FlightTrace } from "./refresh-decision";
import { NO_LIMITS, passedLimit } from "./session-limits";
import { createSeenMarks } from "./seen-marks";
import { createSingleFlight } from "./single-flight";

export * from "./coordinator-types";

const LOCK_POLL_MS = 50;

export function createRefreshCoordinator(deps: CoordinatorDeps) {
  const now = deps.now ?? Date.now;
  const warn = deps.warn ?? ((message, error) => console.warn(`[auth] ${message}`, error ?? ""));
  const keepAlive = deps.keepAlive ?? (() => undefined);
  const lockPollMs = deps.lockPollMs ?? LOCK_POLL_MS;
  const records = createChainRecords(deps);
  const flights = createSingleFlight<RefreshOutcome>();

  const isUsable = (pair: TokenPair) => pair.accessExpires - now() > ACCESS_LEEWAY_MS;
  const isEnded = async (chainId: string) => (await records.getEnd(chainId)) !== undefined;
  const seen = createSeenMarks({ records, now, warn });
  /** In the background, kept alive past the response (a serverless function's `after`). */
  const markPresented = (request: RefreshRequest) => {
    const marking = seen.mark(request);
    if (marking) keepAlive(marking);
  };
  /**
   * Presented after the reuse window: a token whose successor was itself rotated, or whose
   * successor demonstrably reached the browser (its seen mark: docs/design.md, "What the store holds").
   */
  async function isReplay(position: ChainPosition, chainId: string): Promise<boolean> {
    if (position.kind !== "rotated") return false;
    const { rotatedAt, hops, head } = position;
    if (rotatedAt !== undefined && now() - rotatedAt <= deps.reuseWindowMs) return false;
    return hops > 0 || (await seen.hasReached(chainId, head.generation));
  }
  /** The presented token's generation: the chain's word for its newest, else the cookie's. */
  const generationOf = (chain: ChainState | undefined, request: RefreshRequest) =>
    chain && records.tokenKeys(request.pair.refreshToken).includes(chain.head.key)
      ? chain.head.generation
      : (request.generation ?? 0);
  const locate = (chain: ChainState | undefined, request: RefreshRequest) =>
    locateToken(chain, records.tokenKeys(request.pair.refreshToken), generationOf(chain, request));

  const { endChain, answerReplay, answerLimit, isJustIssued } = createChainEnd({
    ...deps,
    records,
    now,
    warn,
  });
  const limits = deps.limits ?? NO_LIMITS;
  const persist = createDurableWrite({ warn, keepAlive });

  /**
   * Under the lock: the rotation at Django, its records, and the sign-out check after it. The
   * chain as read under the lock is still current: only a holder of this token's lock rotates it
   * and writes the record.
   */
  async function rotateUnderLock(
    tokenKey: string,
    request: RefreshRequest,
    lockedAt: number,
    trace: FlightTrace,
    lock: HeldLock,
  ): Promise<RefreshOutcome> {
    const timeoutMs = deps.lockTtlMs - LOCK_MARGIN_MS - (now() - lockedAt);
    if (timeoutMs <= 0) return UNAVAILABLE;
    const calledAt = now();
    const result = await deps.rotate(request.pair.refreshToken, timeoutMs);
    trace.djangoMs = now() - calledAt;
    // Django refused the user (deactivated, new password): the sign-in page says so.
    if (result.kind === "rejected")
      return result.reason ? { ...EXPIRED, reason: result.reason } : EXPIRED;
    if (result.kind === "unavailable") return UNAVAILABLE;
    const { pair } = result;
    const { chainId } = request;
    const rotatedAt = now();
    const ttl = pair.refreshExpires - rotatedAt;
    const generation = generationOf(lock.chain, request);
    const chain = advanceChain(
      lock.chain,
      { key: tokenKey, generation, rotatedAt },
      pair,
      rotatedAt - deps.reuseWindowMs,
      records.tokenKey(pair.refreshToken),
    );
    let afterWrite: EndAfterWrite | undefined;
    const isStored = await persist(async () => {
      afterWrite = await lock.writeChain(chain, ttl);
    });
    // Signed out while Django rotated: the new token dies too, and no cookie comes back.
    const ended =
      isStored && afterWrite
        ? endOf(afterWrite)
        : await isEnded(chainId).catch((error: unknown) => {
            warn("could not check whether the chain ended", error);
            // Not stored, a 503 would lose the rotation, and the retry's token is dead.
            return false;
          });
    if (ended === "unknown") return UNAVAILABLE;
    if (!ended) return { ok: true, status: "refreshed", pair, chainId, generation: generation + 1 };
    await deps.revoke(pair).catch((error: unknown) => {
      warn("could not blacklist a token issued after sign-out", error);
    });
    return EXPIRED;
  }

  /** Whether the chain ended, from the read after the write; "unknown" if that read failed. */
  function endOf(afterWrite: EndAfterWrite): boolean | "unknown" {
    if ("isEnded" in afterWrite) return afterWrite.isEnded;
    warn("could not check whether the chain ended", afterWrite.error);
    // The successor is in the store: a retry finds it, or finds the end (503, never "not ended").
    return "unknown";
  }

  /** The answer `chain` (read from the store) holds, if any; `undefined`: "rotate this token". */
  async function answerFromStore(
    tokenKey: string,
    request: RefreshRequest,
    trace: FlightTrace,
    chain: ChainState | undefined,
  ): Promise<RefreshOutcome | undefined> {
    const { chainId } = request;
    const position = locate(chain, request);
    if (position.kind === "unrotated") return undefined;
    const replay = await isReplay(position, chainId);
    if (replay && deps.reuseDetection === "revoke") {
      trace.isReuseDetected = true;
      return answerReplay(request);
    }
    if (replay) return undefined; // Detection off: Django decides (it refuses).
    const { pair: newest, key: newestKey, generation } = position.head;
    if (newest.refreshExpires <= now()) return EXPIRED;
    if (isUsable(newest)) return { ok: true, status: "reused", pair: newest, chainId, generation };
    // The stored successor's access token is spent: rotate the successor, as one flight.
    const next = { ...request, pair: newest, generation };
    const outcome = await flights(newestKey, () => reuseOrRotate(newestKey, next, trace));
    return outcome.ok ? { ...outcome, status: "refreshed" } : outcome;
  }

  /** The session's end, if it ended (signed out, a limit passed), as a refresh's answer. */
  function endedOutcome(end: ChainEnd | undefined): RefreshOutcome | undefined {
    if (end?.reason === "session_limit" || end?.reason === "idle_timeout")
      return { ...EXPIRED, reason: end.reason };
    return end ? EXPIRED : undefined;
  }

  /**
   * Another instance may be rotating the same token: wait for its answer rather than race it.
   * `known`: the chain as the caller read it with the end mark, so the first pass reads nothing.
   */
  async function reuseOrRotate(
    tokenKey: string,
    request: RefreshRequest,
    trace: FlightTrace,
    known?: { chain: ChainState | undefined },
  ): Promise<RefreshOutcome> {
    const startedAt = now();
    const deadline = startedAt + deps.lockTtlMs;
    // The chain as read with the end mark, or as the last release announced it: no read needed.
    let announced = known;
    let hasWaited = false;
    for (;;) {
      const chain = announced ? announced.chain : await records.getChain(request.chainId);
      const stored = await answerFromStore(tokenKey, request, trace, chain);
      // The caller read the end mark before it waited: a sign-out since then that landed while
      // the other instance rotated has its successor in the record. It must not reach a cookie.
      if (stored?.ok && hasWaited)
        return endedOutcome(await records.getEnd(request.chainId)) ?? stored;
      if (stored) return stored;
      // The lock lapses ttl after it was taken, at the earliest ttl after we asked for it.
      const lockedAt = now();
      const lock = await records.tryLock(
        request.chainId,
        request.pair.refreshToken,
        deps.lockTtlMs,
      );
      if ("unlock" in lock) {
        const { unlock } = lock;
        trace.lockWaitMs = lockedAt - startedAt;
        try {
          // The instance that held the lock before us may have stored its rotation just now.
          return (
            (await answerFromStore(tokenKey, request, trace, lock.chain)) ??
            (await rotateUnderLock(tokenKey, request, lockedAt, trace, lock))
          );
        } finally {
          // Already released with the record where the store could: then this does nothing.
          await unlock().catch((error: unknown) => warn("could not release a lock", error));
        }
      }
      if (now() > deadline) return UNAVAILABLE;
      announced = await records.waitForUnlock(request.chainId, lock.busy, lockPollMs);
      hasWaited = true;
    }
  }

  async function decide(
    request: RefreshRequest,
    run: { trace: FlightTrace; hasJoined: boolean },
  ): Promise<RefreshOutcome> {
    const { pair, chainId } = request;
    if (pair.refreshExpires <= now()) return EXPIRED;
    const stored = await records.getEndThenChain(chainId);
    const ended = endedOutcome(stored.end);
    if (ended) return ended;
    const tokenKey = records.tokenKey(pair.refreshToken);
    // However often the user refreshes, a passed limit ends the chain (once) and never rotates.
    const limit = passedLimit(request, limits, now());
    if (limit) return flights(`limit:${tokenKey}`, () => answerLimit(request, limit));
    // The browser holds this cookie: its predecessor's grace ends with the window.
    markPresented(request);
    if (isUsable(pair) && !(request.accessRejected && !isJustIssued(request, await stored.chain())))
      return { ok: true, status: "fresh", pair, chainId, generation: request.generation ?? 0 };
    // Single flight around lookup *and* rotation: no caller can miss a rotation that just landed.
    // Across instances, the store's lock plays the same part (and its read under the lock finds
    // a rotation that landed since the read above).
    run.hasJoined = true;
    const shared = flights(tokenKey, async () => {
      run.hasJoined = false;
      return reuseOrRotate(tokenKey, request, run.trace, { chain: await stored.chain() });
    });
    keepAlive(shared);
    // The caller stops waiting; the shared work goes on and its result is stored.
    return settleWithin(shared, deps.callerWaitMs, UNAVAILABLE);
  }

  return {
    /** The one place that rotates: fresh, reused, or a single shared call to Django. */
    async refresh(request: RefreshRequest): Promise<RefreshOutcome> {
      const startedAt = now();
      const run = { trace: newTrace(), hasJoined: false };
      const report = (outcome: RefreshOutcome) =>
        deps.onDecision?.(
          toDecision(outcome, {
            ...run,
            waitedMs: now() - startedAt,
            chainKey: records.chainKey(request.chainId),
          }),
        );
      try {
        const outcome = await decide(request, run);
        report(outcome);
        return outcome;
      } catch (error) {
        report(UNAVAILABLE);
        throw error;
      }
    },

    /**
     * For a session cookie that may be stale (every session read): the newer pair it may still
     * use, if any, by refresh()'s rules; the cookie it holds is marked seen.
     */
    async findSuccessor(
      request: RefreshRequest,
    ): Promise<(TokenPair & { generation: number }) | null> {
      // The rules of refresh(): the presented token's own life, the session limits, the end.
      if (request.pair.refreshExpires <= now() || passedLimit(request, limits, now())) return null;
      const stored = await records.getEndThenChain(request.chainId);
      if (stored.end !== undefined) return null;
      markPresented(request);
      const position = locate(await stored.chain(), request);
      if (position.kind === "unrotated" || (await isReplay(position, request.chainId))) return null;
      const { pair, generation } = position.head;
      return pair.refreshExpires > now() ? { ...pair, generation } : null;
    },

    /** The browser used this pair's access token: its predecessor's grace ends with the window. */
    markSeen: async (request: RefreshRequest) => seen.mark(request),

    /** Sign-out: the newest token of the chain is blacklisted and no cookie of it works again. */
    signOut: (request: SignOutRequest) => endChain(request, "sign_out"),
  };
}

export type RefreshCoordinator = ReturnType<typeof createRefreshCoordinator>;
