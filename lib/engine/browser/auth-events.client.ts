import type { RefreshFailure, RefreshStatus, SessionEndReason } from "@/lib/engine/contract";

/**
 * What this tab's auth machinery does: the core's one hook. Cross-tab sync uses it, and so can
 * anything outside the core (the demo's timeline) without the core knowing it exists.
 */
export type AuthEvent =
  | { type: "unauthorized"; request: string }
  | { type: "refresh-started" }
  | {
      type: "refresh-finished";
      outcome: RefreshStatus | RefreshFailure;
      accessExpires?: number;
      refreshExpires?: number;
      /** The session limits' deadlines after this refresh (null: that limit is off). */
      sessionEndsAt?: number | null;
      idleEndsAt?: number | null;
      /** With outcome session_expired: the limit or refusal that ended it, when the server said. */
      reason?: SessionEndReason;
    }
  | { type: "retried"; request: string; status: number | "failed" }
  | { type: "signed-out"; reason?: SessionEndReason };

export type AuthEventSource = "this-tab" | "other-tab";
type Listener = (event: AuthEvent, source: AuthEventSource) => void;

const CHANNEL_NAME = "next-django-simplejwt:auth";
const listeners = new Set<Listener>();
let channel: BroadcastChannel | null | undefined;

function getChannel(): BroadcastChannel | null {
  if (channel !== undefined) return channel;
  channel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(CHANNEL_NAME);
  channel?.addEventListener("message", (message: MessageEvent<AuthEvent>) => {
    for (const listener of listeners) listener(message.data, "other-tab");
  });
  return channel;
}

/** Tells this tab's listeners only. */
export function emitAuthEvent(event: AuthEvent) {
  for (const listener of listeners) listener(event, "this-tab");
}

/** Tells this tab and every other open tab of the app (a finished refresh, a sign-out). */
export function announceAuthEvent(event: AuthEvent) {
  emitAuthEvent(event);
  getChannel()?.postMessage(event);
}

export function subscribeToAuthEvents(listener: Listener): () => void {
  getChannel();
  listeners.add(listener);
  return () => listeners.delete(listener);
}
