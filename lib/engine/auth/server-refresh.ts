import "server-only";
import { isAppError } from "@/lib/engine/errors";
import { refreshFailed, type RefreshAnswer } from "@/lib/engine/contract";
import type { ResolvedAuthConfig } from "@/lib/engine/config";
import { enginePart } from "@/lib/engine/instance";
import type { RotationStore } from "@/lib/engine/refresh/rotation-store";
import { blacklistAtDjango, rotateAtDjango } from "@/lib/engine/django/django-auth";
import { recordRefreshDecision } from "@/lib/engine/observability/record-auth-event";
import type { SessionData } from "@/lib/engine/session/session-data";
import { keepAlive } from "@/lib/engine/refresh/keep-alive";
import { MemoryRotationStore } from "@/lib/engine/refresh/memory-rotation-store";
import { RedisRotationStore } from "@/lib/engine/refresh/redis-rotation-store";
import {
  createRefreshCoordinator,
  type RefreshCoordinator,
  type RefreshRequest,
  unchainedChainId,
} from "@/lib/engine/refresh/refresh-coordinator";
import { storeCrypto } from "@/lib/engine/refresh/refresh-crypto";
import { sessionLimits } from "./configured-limits";

/** The Django call gets what is left of this minus a margin, so the lock never lapses under it. */
const LOCK_TTL_MS = 60_000;

/** The engine's one coordinator: every route bundle shares its single flight and store. */
function coordinator(): RefreshCoordinator {
  return enginePart("refresh-coordinator", (config) => {
    const { hashForStore, previousHashesForStore, sealRecord, openRecord } = storeCrypto();
    return createRefreshCoordinator({
      store: rotationStore(),
      rotate: rotateAtDjango,
      revoke: blacklistAtDjango,
      hash: hashForStore,
      previousHashes: previousHashesForStore,
      seal: sealRecord,
      open: openRecord,
      reuseWindowMs: config.refresh.reuseWindowS * 1000,
      reuseDetection: config.refresh.reuseDetection,
      // Django rotates whether or not anyone still waits, so its call gets far longer than a caller.
      callerWaitMs: config.timeouts.refreshCallerWaitMs,
      lockTtlMs: LOCK_TTL_MS,
      keepAlive,
      limits: sessionLimits(),
      onDecision: recordRefreshDecision,
      logSecurityEvent,
    });
  });
}

/** The engine's one store, made on first use. */
const rotationStore = () => enginePart("rotation-store", createStore);

function createStore({ store, refresh }: ResolvedAuthConfig): RotationStore {
  if (store.kind === "redis") return new RedisRotationStore(store.url);
  if (store.kind === "redis-cluster") return new RedisRotationStore({ cluster: store.urls });
  if (store.kind === "custom") return store.create();
  // Never forgets a session inside its reuse window: a full store refuses new ones (503).
  return new MemoryRotationStore(store.maxSessions, Date.now, refresh.reuseWindowS * 1000);
}

/** The in-process store's use, for /api/health; null with any other store. */
export function memoryStoreUsage(): MemoryRotationStore["usage"] | null {
  const store = rotationStore();
  return store instanceof MemoryRotationStore ? store.usage : null;
}

/** The contract's refresh answer, carrying the renewed session for the cookie. */
export type SessionRefresh = RefreshAnswer<{ session: SessionData }>;

function toRequest(session: SessionData, accessRejected = false): RefreshRequest {
  return {
    pair: session,
    // A cookie from before chains existed: every copy of it names the same chain.
    chainId: session.chainId ?? unchainedChainId(storeCrypto().hashForStore(session.refreshToken)),
    generation: session.generation,
    userId: session.user.id,
    signedInAt: session.signedInAt,
    refreshedAt: session.refreshedAt,
    accessRejected,
  };
}

export async function refreshSession(
  session: SessionData,
  { accessRejected = false } = {},
): Promise<SessionRefresh> {
  try {
    const outcome = await coordinator().refresh(toRequest(session, accessRejected));
    if (!outcome.ok) return outcome;
    const { status, pair, chainId, generation } = outcome;
    if (status === "fresh") return { ok: true, status, session };
    // A cookie from before the limits starts counting now (it is never ended for lacking them).
    const refreshedAt = Date.now();
    const signedInAt = session.signedInAt ?? refreshedAt;
    const renewed = { ...session, ...pair, chainId, generation, signedInAt, refreshedAt };
    return { ok: true, status, session: renewed };
  } catch (error) {
    // The store (Redis) failed before Django was called: a transient failure, never a logout.
    console.warn("[auth] refresh: rotation store unavailable", error);
    return refreshFailed("upstream_unavailable");
  }
}

/** Stale-write healing: a cookie whose refresh token was rotated gets its successor back. */
export async function healStaleSession(session: SessionData): Promise<SessionData> {
  try {
    const successor = await coordinator().findSuccessor(toRequest(session));
    return successor ? { ...session, ...successor } : session;
  } catch (error) {
    console.warn("[auth] session: rotation store unavailable", error);
    return session;
  }
}

/** Whether Django ended the session's refresh token, or it may still be alive there. */
export type ChainEndResult = "ended" | "not_ended";

/**
 * Sign-out: ends the whole chain, whichever (possibly stale) cookie of it asked, and says whether
 * Django confirmed it. `not_ended` is logged as a security event: the token may still work.
 */
export async function endSessionChain(session: SessionData): Promise<ChainEndResult> {
  try {
    try {
      // A cookie without a chain ends the chain its token names, if that one was ever rotated.
      await coordinator().signOut({ ...toRequest(session), chainId: session.chainId });
    } catch (error) {
      if (isAppError(error)) throw error; // Django's answer, not the store's.
      // The store is down: the chain's newest token is unknown, so at least end the cookie's own.
      console.warn("[auth] sign-out: rotation store unavailable", error);
      await blacklistAtDjango(session);
    }
    return "ended";
  } catch (error) {
    logSecurityEvent({
      event: "sign_out_not_confirmed",
      userId: session.user.id,
      detail: error instanceof Error ? error.message : String(error),
    });
    return "not_ended";
  }
}

/** One JSON line per event, for log-based alerting; never a token. */
function logSecurityEvent(event: { event: string } & Record<string, unknown>) {
  console.warn(JSON.stringify({ level: "security", ...event }));
}

/**
 * The browser used this session's access token (proxy, server component, Server Action): from
 * now on its predecessor gets it back only within the reuse window. One store write per
 * generation and process; never throws, never delays the caller.
 */
export function markSessionSeen(session: SessionData): void {
  if (!session.chainId) return;
  void coordinator()
    .markSeen(toRequest(session))
    .catch(() => undefined);
}
