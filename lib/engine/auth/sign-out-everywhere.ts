import "server-only";
import { logOutAllAtDjango } from "@/lib/engine/django/logout-all";
import type { SessionData } from "@/lib/engine/session/session-data";
import { endSessionChain, refreshSession } from "./server-refresh";

/** `signed_out`: every device's refresh token is dead at Django and this chain has ended. */
export type SignOutEverywhereResult = "signed_out" | "session_expired" | "upstream_unavailable";

/**
 * Django's logout-all with the session's access token; a refused access token is renewed once
 * through the refresh coordinator, as every server-side call does. Then this chain ends as at
 * sign-out, so a stale cookie of it cannot be refreshed from the coordinator's records.
 */
export async function signOutEverywhere(session: SessionData): Promise<SignOutEverywhereResult> {
  let current = session;
  let answer = await logOutAllAtDjango(current.accessToken);
  if (answer === "access_rejected") {
    const renewed = await refreshSession(current, { accessRejected: true });
    if (!renewed.ok) return renewed.error;
    current = renewed.session;
    answer = await logOutAllAtDjango(current.accessToken);
    // Refused even a renewed token (a deactivated user): Django ends this session anyway.
    if (answer === "access_rejected") return "session_expired";
  }
  try {
    await endSessionChain(current);
  } catch (error) {
    // Django has already blacklisted every token of the user; only our records lag behind.
    console.warn("[auth] sign-out everywhere: could not end the chain's records", error);
  }
  return "signed_out";
}
