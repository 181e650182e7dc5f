import "server-only";
import { env } from "@/lib/env.mjs";
import { rotateAtDjango } from "@/lib/django/django-auth";
import { DjangoUnavailableError } from "@/lib/django/django-request";
import type { SessionData } from "@/lib/session/session-data";
import { MemoryRotationStore } from "./memory-rotation-store";
import {
  createRefreshCoordinator,
  type RefreshCoordinator,
  type RotationAtDjango,
} from "./refresh-coordinator";
import { hashRefreshToken, openTokenPair, sealTokenPair } from "./refresh-crypto";

/** Django rotates whether or not anyone still waits, so its call gets far longer than a caller. */
const DJANGO_TIMEOUT_MS = 60_000;
const CALLER_WAIT_MS = 8_000;

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
  store: new MemoryRotationStore(),
  rotate,
  hashToken: hashRefreshToken,
  seal: sealTokenPair,
  open: openTokenPair,
  reuseWindowMs: env.AUTH_REFRESH_REUSE_WINDOW_S * 1000,
  callerWaitMs: CALLER_WAIT_MS,
}));

export type SessionRefresh =
  | { ok: true; status: "refreshed" | "reused" | "fresh"; session: SessionData }
  | { ok: false; error: "session_expired" | "upstream_unavailable" };

export async function refreshSession(session: SessionData): Promise<SessionRefresh> {
  const outcome = await coordinator.refresh(session);
  return outcome.ok ? { ...outcome, session: { ...session, ...outcome.pair } } : outcome;
}

/** Stale-write healing: a cookie whose refresh token was rotated gets its successor back. */
export async function healStaleSession(session: SessionData): Promise<SessionData> {
  const successor = await coordinator.findSuccessor(session);
  return successor ? { ...session, ...successor } : session;
}
