import type { LimitReason, SessionDeadlines } from "@/lib/engine/contract";

export type NextDeadline = { reason: LimitReason; endsAt: number };

/** The limit that ends the session first, or null when both are off. */
export function nextDeadline({ sessionEndsAt, idleEndsAt }: SessionDeadlines): NextDeadline | null {
  if (sessionEndsAt === null && idleEndsAt === null) return null;
  if (idleEndsAt === null || (sessionEndsAt !== null && sessionEndsAt <= idleEndsAt))
    return { reason: "session_limit", endsAt: sessionEndsAt as number };
  return { reason: "idle_timeout", endsAt: idleEndsAt };
}

/** "1:59": whole seconds left, rounded up so the dialog never shows 0:00 while time is left. */
export function formatRemaining(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** Spoken once when the warning opens, rather than every second. */
export function describeRemaining(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.round(seconds / 60)} minutes`;
}
