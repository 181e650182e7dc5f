import type { SessionData } from "@/lib/engine/session/session-data";

type Listener = (session: SessionData) => void;

// On globalThis: Next may load this module once per route bundle, and the listener is set once
// per process by lib/engine/auth/server-refresh.ts (lib/engine/django may not import it).
const key = Symbol.for("next-django-simplejwt.token-use");
const slot = globalThis as typeof globalThis & { [key]?: Listener };

/** Registers who hears that a cookie's access token was used (the process's coordinator). */
export function onTokenUse(listener: Listener): void {
  slot[key] = listener;
}

/** A session cookie that came from the browser had its access token used: cheap, never throws. */
export function reportTokenUse(session: SessionData): void {
  try {
    slot[key]?.(session);
  } catch {
    // Marking is an optimisation of reuse detection; a request never fails for it.
  }
}
