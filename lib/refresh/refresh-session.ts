import "server-only";
import { env } from "@/lib/env.mjs";
import { rotateAtDjango } from "@/lib/django/django-auth";
import { DjangoUnavailableError } from "@/lib/django/django-request";
import type { SessionData } from "@/lib/session/session-data";
import { MemoryRotationStore } from "./memory-rotation-store";
import { RedisRotationStore } from "./redis-rotation-store";
import {
  createRefreshCoordinator,
  type RefreshCoordinator,
  type RotationAtDjango,
} from "./refresh-coordinator";
import { hashRefreshToken, openTokenPair, sealTokenPair } from "./refresh-crypto";

/** Django rotates whether or not anyone still waits, so its call gets far longer than a caller. */
const DJANGO_TIMEOUT_MS = 60_000;
const CALLER_WAIT_MS = 8_000;
const LOCK_TTL_MS = DJANGO_TIMEOUT_MS + 5_000;

async function rotate(refreshToken: string): Promise<RotationAtDjango> {
  try {
    const result = await rotateAtDjango(refreshToken, DJANGO_TIMEOUT_MS);
    return result.kind === "rotated" ? result : { kind: "rejected" };
  } catch (error) {
    if (error instanceof DjangoUnavailableError) {
      console.warn("[auth] refresh: Django unavailable", error.cause);
      return { kind: "unavailable" };
    }
    throw error;
  }
}

// One coordinator per server process. Kept on globalThis because Next may load this module once
// per route bundle, and every route must share the same single flight and store.
const globalKey = Symbol.for("next-django-simplejwt.refresh-coordinator");
const globalStore = globalThis as typeof globalThis & { [globalKey]?: RefreshCoordinator };

const coordinator = (globalStore[globalKey] ??= createRefreshCoordinator({
  store: env.REDIS_URL ? new RedisRotationStore(env.REDIS_URL) : new MemoryRotationStore(),
  rotate,
  hashToken: hashRefreshToken,
  seal: sealTokenPair,
  open: openTokenPair,
  reuseWindowMs: env.AUTH_REFRESH_REUSE_WINDOW_S * 1000,
  callerWaitMs: CALLER_WAIT_MS,
  lockTtlMs: LOCK_TTL_MS,
}));

export type SessionRefresh =
  | { ok: true; status: "refreshed" | "reused" | "fresh"; session: SessionData }
  | { ok: false; error: "session_expired" | "upstream_unavailable" };

export async function refreshSession(session: SessionData): Promise<SessionRefresh> {
  try {
    const outcome = await coordinator.refresh(session);
    return outcome.ok ? { ...outcome, session: { ...session, ...outcome.pair } } : outcome;
  } catch (error) {
    // The store (Redis) failed: a transient failure, never a logout.
    console.warn("[auth] refresh: rotation store unavailable", error);
    return { ok: false, error: "upstream_unavailable" };
  }
}

/** Stale-write healing: a cookie whose refresh token was rotated gets its successor back. */
export async function healStaleSession(session: SessionData): Promise<SessionData> {
  try {
    const successor = await coordinator.findSuccessor(session);
    return successor ? { ...session, ...successor } : session;
  } catch (error) {
    console.warn("[auth] session: rotation store unavailable", error);
    return session;
  }
}
