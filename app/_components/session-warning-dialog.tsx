"use client";

import { useEffect, useId, useRef } from "react";
import {
  describeRemaining,
  formatRemaining,
  type NextDeadline,
  useStaySignedIn,
} from "@/lib/engine/client";
import { Button } from "./ui/button";

type SessionWarningDialogProps = {
  reason: NextDeadline["reason"];
  remaining: number;
  onDismiss: () => void;
};

/** The modal itself, shown by SessionWarning while a limit is near: focus in, and back out. */
export default function SessionWarningDialog({
  reason,
  remaining,
  onDismiss,
}: SessionWarningDialogProps) {
  const { staySignedIn, isStaying, hasFailed } = useStaySignedIn();
  const dialog = useRef<HTMLDialogElement>(null);
  const ids = { title: useId(), body: useId() };

  useEffect(() => {
    const element = dialog.current;
    const returnFocus =
      document.activeElement instanceof HTMLElement ? document.activeElement : null;
    element?.showModal();
    // The dialog's own first-focus rule would pick "Not now": focus the action instead.
    element?.querySelector<HTMLElement>("[data-primary]")?.focus();
    return () => {
      // Escape may have closed it already (natively): focus goes back either way.
      if (element?.open) element.close();
      returnFocus?.focus();
    };
  }, []);

  const isIdle = reason === "idle_timeout";
  return (
    <dialog
      ref={dialog}
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={ids.title}
      aria-describedby={ids.body}
      onCancel={onDismiss}
      onClose={onDismiss}
      className="m-auto w-[min(26rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-6 text-zinc-900 shadow-xl backdrop:bg-zinc-950/40 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
    >
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
          <Button variant="secondary" data-primary={isIdle ? undefined : true} onClick={onDismiss}>
            {isIdle ? "Not now" : "OK"}
          </Button>
          {isIdle && (
            <Button data-primary isPending={isStaying} onClick={() => void staySignedIn()}>
              Stay signed in
            </Button>
          )}
        </div>
      </div>
    </dialog>
  );
}
