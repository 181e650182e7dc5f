import { vi } from "vitest";
import type { RefreshDecision } from "@/lib/engine/observability/auth-reports";
import type { TokenPair } from "@/lib/engine/session/session-data";
import { MemoryRotationStore } from "./memory-rotation-store";
import {
  createRefreshCoordinator,
  type CoordinatorDeps,
  type RefreshRequest,
  type RotationAtDjango,
} from "./refresh-coordinator";
import { createStoreCrypto } from "./refresh-crypto";
import { TEST_SECRET } from "@/lib/engine/test-engine";
import type { SessionLimits } from "./session-limits";

export const HOUR = 3_600_000;
/** The store's keys and seals under the unit tests' secret. */
export const { hashForStore, previousHashesForStore, openRecord, sealRecord } = createStoreCrypto([
  TEST_SECRET,
]);
export const LOCK_TTL_MS = 60_000;

/** A stand-in for Django's rotation, with a clock the test moves: R0 → R1 → R2 … */
/** A coordinator on a fake clock and a fake Django, for the unit tests. */
export function setup({
  reuseWindowMs = 30_000,
  callerWaitMs = 5_000,
  tokenPrefix = "R",
  reuseDetection = "revoke" as "revoke" | "off",
  rotateRefreshTokens = true,
  maxSessions = 100,
  limits = undefined as SessionLimits | undefined,
  onDecision = undefined as ((decision: RefreshDecision) => void) | undefined,
  /** Replaces any dependency, e.g. `{ logSecurityEvent: undefined }`. */
  overrides = {} as Partial<CoordinatorDeps>,
} = {}) {
  let now = 1_000_000;
  let issued = 0;
  const rotated = new Set<string>();
  const pending: Array<() => void> = [];
  let isSlow = false;
  const rotate = vi.fn(
    async (refreshToken: string, timeoutMs: number): Promise<RotationAtDjango> => {
      if (timeoutMs <= 0) return { kind: "unavailable" };
      // Django decides when the request arrives; a slow answer only comes back later.
      const isDead = rotated.has(refreshToken) || revoked.has(refreshToken);
      if (!isDead && rotateRefreshTokens) rotated.add(refreshToken);
      if (isSlow) await new Promise<void>((resolve) => pending.push(resolve));
      if (isDead) return { kind: "rejected" };
      if (!rotateRefreshTokens) return { kind: "rotated", pair: pairFor(refreshToken, now) };
      issued += 1;
      return { kind: "rotated", pair: pairFor(`${tokenPrefix}${issued}`, now) };
    },
  );
  const revoked = new Set<string>();
  const revoke = vi.fn(async ({ refreshToken }: TokenPair) => {
    revoked.add(refreshToken);
  });
  const store = new MemoryRotationStore(maxSessions, () => now, reuseWindowMs);
  const reads = vi.spyOn(store, "get");
  const securityEvents: unknown[] = [];
  const keepAlive = vi.fn();
  const warnings: string[] = [];
  const coordinator = createRefreshCoordinator({
    store,
    rotate,
    revoke,
    hash: hashForStore,
    seal: sealRecord,
    open: openRecord,
    reuseWindowMs,
    reuseDetection,
    callerWaitMs,
    lockTtlMs: LOCK_TTL_MS,
    keepAlive,
    logSecurityEvent: (event) => securityEvents.push(event),
    warn: (message) => warnings.push(message),
    now: () => now,
    limits,
    onDecision,
    ...overrides,
  });
  return {
    coordinator,
    rotate,
    revoke,
    revoked,
    store,
    reads,
    keepAlive,
    securityEvents,
    warnings,
    advance: (ms: number) => (now += ms),
    now: () => now,
    /** A request whose access token expired 5 minutes ago. */
    expired: (refresh: string, extra: Partial<RefreshRequest> = {}): RefreshRequest => ({
      pair: pairFor(refresh, now - 10 * 60_000),
      chainId: CHAIN,
      userId: "42",
      signedInAt: now - 60_000,
      ...extra,
    }),
    slowDown: () => (isSlow = true),
    releaseDjango: () => pending.splice(0).forEach((resolve) => resolve()),
  };
}

export const CHAIN = "chain-0123456789abcdef";

export function pairFor(refreshToken: string, issuedAt: number): TokenPair {
  return {
    accessToken: `access-for-${refreshToken}`,
    refreshToken,
    accessExpires: issuedAt + 5 * 60_000,
    refreshExpires: issuedAt + HOUR,
  };
}

export const tokenOf = (outcome: { ok: boolean; pair?: TokenPair; error?: string }) =>
  outcome.ok ? outcome.pair?.refreshToken : outcome.error;
