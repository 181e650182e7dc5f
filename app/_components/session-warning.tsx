"use client";

import dynamic from "next/dynamic";
import { useEffect, useRef, useState } from "react";
import {
  redirectToLogin,
  refreshSessionOnce,
  useSessionDeadline,
  type SessionDeadlines,
} from "@/lib/engine/client";

// Loaded only when it is due: most pages never show it, so it costs them no JavaScript.
const SessionWarningDialog = dynamic(() => import("./session-warning-dialog"), { ssr: false });

/** Browser and server clocks differ a little: ask the server only once it surely agrees. */
const CLOCK_SKEW_MS = 1_000;
const RETRY_MS = 3_000;

type SessionWarningProps = { deadlines: SessionDeadlines; leadMs: number };

/**
 * Warns `leadMs` before a session limit ends the session, in every open tab (each computes the
 * same deadline; a refresh in any tab moves it for all). When it passes, the server ends the
 * session at the tab's refresh and the tab goes to /login saying why.
 */
export function SessionWarning({ deadlines, leadMs }: SessionWarningProps) {
  const { next, now } = useSessionDeadline(deadlines);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const endingAfter = useRef(0);

  const remaining = next && now !== null ? next.endsAt - now : null;
  const isOpen =
    next !== null && remaining !== null && remaining <= leadMs && dismissed !== next.endsAt;

  // The limit has passed: this tab's refresh makes the server end the session, then /login.
  useEffect(() => {
    if (!next || now === null || now < next.endsAt + CLOCK_SKEW_MS || now < endingAfter.current)
      return;
    endingAfter.current = now + RETRY_MS; // Until the answer (or a retry) comes.
    void refreshSessionOnce(Number.POSITIVE_INFINITY, { accessRejected: false }).then((result) => {
      if (!result.ok && result.error === "session_expired")
        redirectToLogin(result.reason ?? next.reason);
    });
  }, [next, now]);

  if (!isOpen) return null;
  return (
    <SessionWarningDialog
      reason={next.reason}
      remaining={remaining}
      onDismiss={() => setDismissed(next.endsAt)}
    />
  );
}
