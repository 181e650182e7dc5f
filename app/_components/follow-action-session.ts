import { type ActionState, endRefusedSession, redirectToLogin } from "@/lib/engine/client";

/**
 * Call with every state a Server Action returns: a dead session leaves for /login (and comes
 * back to this page after sign-in), exactly as a client request's failed refresh does.
 */
export function followActionSession(state: ActionState): ActionState {
  if (state.status === "session_expired") redirectToLogin();
  if (state.status === "session_refused") void endRefusedSession();
  return state;
}
