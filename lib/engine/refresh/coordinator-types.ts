import { refreshFailed, type RefreshAnswer, type RefusalReason } from "@/lib/engine/contract";
import type { TokenPair } from "@/lib/engine/session/session-data";
import type { RefreshDecision } from "@/lib/engine/observability/auth-reports";
import type { RecordDeps } from "./chain-records";
import type { SessionLimits } from "./session-limits";

/** What one call to Django's refresh endpoint came to (lib/engine/django/django-auth.ts makes it). */
export type RotationAtDjango =
  | { kind: "rotated"; pair: TokenPair }
  | { kind: "rejected"; reason?: RefusalReason }
  | { kind: "unavailable" };

/** What the caller knows: the cookie's pair and chain, and whether Django refused its access. */
export type RefreshRequest = {
  pair: TokenPair;
  /** Made at sign-in; cookies from before chains existed have none (one is given on rotation). */
  chainId: string;
  /** Rotations since sign-in that led to this pair (0 at sign-in; absent means 0). */
  generation?: number;
  userId?: string;
  signedInAt?: number;
  /** The last rotation or reuse this cookie received (idle limit); absent on older cookies. */
  refreshedAt?: number;
  /** Django refused the access token: "fresh" is not an answer. */
  accessRejected?: boolean;
};

/** Sign-out may come from a cookie older than chains: its chain is then read from the store. */
export type SignOutRequest = Omit<RefreshRequest, "chainId"> & { chainId?: string };

/** The coordinator's answer: the contract's refresh answer, carrying the pair and its chain. */
export type RefreshOutcome = RefreshAnswer<{
  pair: TokenPair;
  chainId: string;
  generation: number;
}>;

export type SecurityEvent = {
  event: "refresh_token_reuse";
  userId: string | undefined;
  chainAgeMs: number | undefined;
  action: "chain_revoked";
};

export type CoordinatorDeps = RecordDeps & {
  /** One call to Django's refresh endpoint; must settle within `timeoutMs` on its own. */
  rotate: (refreshToken: string, timeoutMs: number) => Promise<RotationAtDjango>;
  /**
   * Ends a pair's refresh token at Django (its access token goes along for a logout view that
   * wants a Bearer); throws if Django neither ended it nor said it had already ended.
   */
  revoke: (pair: TokenPair) => Promise<unknown>;
  reuseWindowMs: number;
  reuseDetection: "revoke" | "off";
  /** How long a caller waits for Django before hearing `upstream_unavailable`. */
  callerWaitMs: number;
  /** How long one rotation may hold the cross-instance lock; Django's call gets less than that. */
  lockTtlMs: number;
  /** How long a waiter sleeps on another instance's lock when no release wakes it. Default 50 ms. */
  lockPollMs?: number;
  /** Keeps work alive after the response is sent (`after()` on Vercel). */
  keepAlive?: (work: Promise<unknown>) => void;
  logSecurityEvent?: (event: SecurityEvent) => void;
  warn?: (message: string, error?: unknown) => void;
  now?: () => number;
  /** Absolute and idle limits, checked before anything else a refresh does. Default: off. */
  limits?: SessionLimits;
  /** Told once per `refresh()` call what was decided (logs, metrics, counters). Never a token. */
  onDecision?: (decision: RefreshDecision) => void;
};

/** An access token with less than this left is refreshed anyway; it also absorbs clock skew. */
export const ACCESS_LEEWAY_MS = 2_000;
/** A pair younger than this answers "fresh" even to `accessRejected` (see isJustIssued). */
export const ACCESS_REJECTED_GRACE_MS = 5_000;
/** Django's call ends this long before the lock would lapse. */
export const LOCK_MARGIN_MS = 2_000;

export const EXPIRED = refreshFailed("session_expired");
export const UNAVAILABLE = refreshFailed("upstream_unavailable");

/**
 * The chain of a cookie from before chains existed, named by its refresh token's keyed hash:
 * every copy of that cookie lands in the same chain, on every instance.
 */
export const unchainedChainId = (tokenKey: string) => `unchained-${tokenKey}`;
