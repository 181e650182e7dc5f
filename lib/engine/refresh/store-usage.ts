import type { RotationStore } from "./rotation-store";

/** How full the process's rotation store is: only the memory store has a limit to near. */
export type StoreUsage =
  | { kind: "memory"; sessions: number; maxSessions: number; ratio: number }
  | { kind: "redis" }
  | { kind: "none" };

type Usage = { sessions: number; maxSessions: number; ratio: number };
const key = Symbol.for("next-django-simplejwt.rotation-store");
const slot = globalThis as typeof globalThis & { [key]?: RotationStore & { usage?: Usage } };

/** Called once per process by lib/engine/auth/server-refresh.ts with the store it serves. */
export function registerStore(store: RotationStore & { usage?: Usage }): void {
  slot[key] = store;
}

/** For /api/health: sessions held against the limit (ratio ≥ 0.8 is worth a warning). */
export function readStoreUsage(): StoreUsage {
  const store = slot[key];
  if (!store) return { kind: "none" };
  return store.usage ? { kind: "memory", ...store.usage } : { kind: "redis" };
}
