"use client";

import { useEffect, useId, useRef, useState } from "react";
import { describeRemaining, formatRemaining } from "@/lib/browser/session-deadline.client";
import { redirectToLogin, refreshSessionOnce } from "@/lib/browser/tab-refresh.client";
import type { SessionDeadlines } from "@/lib/contract";
import { Button } from "./ui/button";
import { useSessionDeadline } from "./use-session-deadline";

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
  const [isStaying, setIsStaying] = useState(false);
  const [hasFailed, setHasFailed] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const ids = { title: useId(), body: useId() };

  const remaining = next && now !== null ? next.endsAt - now : null;
  const isOpen =
    next !== null && remaining !== null && remaining <= leadMs && dismissed !== next.endsAt;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (isOpen && !element.open) {
      returnFocus.current =
        document.activeElement instanceof HTMLElement ? document.activeElement : null;
      element.showModal();
      // The dialog's own first-focus rule would pick "Not now": focus the action instead.
      element.querySelector<HTMLElement>("[data-primary]")?.focus();
    } else if (!isOpen && returnFocus.current) {
      // Escape may have closed it already (natively): focus goes back either way.
      if (element.open) element.close();
      returnFocus.current.focus();
      returnFocus.current = null;
    }
  }, [isOpen]);

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

  async function staySignedIn() {
    setIsStaying(true);
    setHasFailed(false);
    // A real rotation: that is what moves the idle deadline, in every tab.
    const result = await refreshSessionOnce();
    setIsStaying(false);
    if (!result.ok && result.error === "session_expired") redirectToLogin(result.reason);
    else if (!result.ok) setHasFailed(true);
  }

  const isIdle = next?.reason === "idle_timeout";
  return (
    <dialog
      ref={dialog}
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={ids.title}
      aria-describedby={ids.body}
      onCancel={() => next && setDismissed(next.endsAt)}
      onClose={() => next && isOpen && setDismissed(next.endsAt)}
      className="m-auto w-[min(26rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-6 text-zinc-900 shadow-xl backdrop:bg-zinc-950/40 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {isOpen && remaining !== null && (
        <div className="space-y-4">
          <h2 id={ids.title} className="text-lg font-semibold tracking-tight">
            You will be signed out in{" "}
            <span className="tabular-nums">{formatRemaining(remaining)}</span>
          </h2>
          <p id={ids.body} className="text-sm text-zinc-600 dark:text-zinc-400">
            {isIdle
              ? "You have been inactive for a while. Stay signed in to keep working."
              : "Your session has reached its time limit: sign in again to continue."}
          </p>
          <p className="sr-only" aria-live="assertive">
            {`You will be signed out in ${describeRemaining(remaining)}.`}
          </p>
          {hasFailed && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              Could not reach the server. Try again.
            </p>
          )}
          <div className="flex justify-end gap-3">
            <Button
              variant="secondary"
              data-primary={isIdle ? undefined : true}
              onClick={() => next && setDismissed(next.endsAt)}
            >
              {isIdle ? "Not now" : "OK"}
            </Button>
            {isIdle && (
              <Button data-primary isPending={isStaying} onClick={() => void staySignedIn()}>
                Stay signed in
              </Button>
            )}
          </div>
        </div>
      )}
    </dialog>
  );
}
