import type { DjangoFailure } from "@/lib/engine/client";

/** One message per failure code, for actions and client calls alike. */
export function describeFailure(error: DjangoFailure): string {
  switch (error) {
    case "forbidden":
      return "You are not allowed to do this.";
    case "not_found":
      return "It is gone already: reload the page.";
    case "invalid":
      return "Django refused the request.";
    case "unauthenticated":
      return "Django refused the request. You are still signed in; try again in a moment.";
    case "session_expired":
      return "Your session has ended. Please sign in again.";
    case "unavailable":
      return "The server is unavailable. Your session is safe; try again in a moment.";
  }
}
