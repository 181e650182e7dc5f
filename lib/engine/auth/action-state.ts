import type { ActionOutcome } from "./call-django-from-action";

/**
 * What a Server Action hands back to `useActionState`: serializable, no Django internals.
 * `session_expired`: send the user to /login and back (followActionSession does);
 * `session_refused`: Django refuses even a renewed token, sign out first.
 */
export type ActionState =
  | { status: "idle" }
  | { status: "ok" }
  | { status: "invalid"; fields: Record<string, string[]>; form: string[] }
  | { status: "error"; message: string }
  | { status: "session_expired" }
  | { status: "session_refused" };

export const IDLE: ActionState = { status: "idle" };

const MESSAGES = {
  forbidden: "You are not allowed to do this.",
  not_found: "It is gone already: reload the page.",
  unavailable: "The server is unavailable. Your session is safe; try again in a moment.",
} as const;

export function toActionState(outcome: ActionOutcome<unknown>): ActionState {
  switch (outcome.kind) {
    case "ok":
      return { status: "ok" };
    case "invalid":
      return { status: "invalid", ...outcome.errors };
    case "session_expired":
      return { status: "session_expired" };
    case "unauthenticated":
      return { status: "session_refused" };
    default:
      return { status: "error", message: MESSAGES[outcome.kind] };
  }
}
