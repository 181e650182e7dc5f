import { enginePart } from "@/lib/engine/instance";
import type { SessionData } from "@/lib/engine/session/session-data";

type Listener = (session: SessionData) => void;

/** Who hears that a cookie's access token was used: set by createDjangoAuth (lib/engine/django may not import the coordinator). */
const listeners = () => enginePart("token-use", () => ({ current: null as Listener | null }));

/** Registers who hears that a cookie's access token was used (the engine's coordinator). */
export function onTokenUse(listener: Listener): void {
  listeners().current = listener;
}

/** A session cookie that came from the browser had its access token used: cheap, never throws. */
export function reportTokenUse(session: SessionData): void {
  try {
    listeners().current?.(session);
  } catch {
    // Marking is an optimisation of reuse detection; a request never fails for it.
  }
}
