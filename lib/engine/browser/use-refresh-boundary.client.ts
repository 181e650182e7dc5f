"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import type { SessionEndReason } from "@/lib/engine/contract";
import { joinPageRenewal } from "./page-renewal.client";
import { redirectToLogin, type RefreshResult } from "./tab-refresh.client";

/** What a card whose server render got 401 shows: its renewal, or why the data is still missing. */
export type RefreshBoundaryState = "renewing" | "refused" | "unavailable";

type RenewalStep =
  | { next: "rerender" }
  | { next: "sign-in"; reason?: SessionEndReason }
  | { next: "show"; state: Exclude<RefreshBoundaryState, "renewing"> };

/** What a card does with its page renewal's answer. Only a dead session leaves the page. */
export function settleRenewal(result: RefreshResult | "refused"): RenewalStep {
  if (result === "refused") return { next: "show", state: "refused" };
  // The page re-renders: this card is replaced.
  if (result.ok) return { next: "rerender" };
  if (result.error === "session_expired") return { next: "sign-in", reason: result.reason };
  return { next: "show", state: "unavailable" };
}

/**
 * For the card a server component renders where Django answered 401: every card of one render
 * shares one renewal and one re-render of the page. Still refused after that: `refused` (the
 * session is kept) and a `retry`, never a loop.
 */
export function useRefreshBoundary(renderId: string): {
  state: RefreshBoundaryState;
  retry: () => void;
} {
  const router = useRouter();
  const [attempt, setAttempt] = useState(0);
  // A retry is for the render it was clicked on; the re-render after it gets the usual rule.
  const [retriedRender, setRetriedRender] = useState<string | null>(null);
  // Per render and attempt: a new one starts as "renewing" until its renewal says otherwise.
  const key = `${renderId}:${attempt}`;
  const [settled, setSettled] = useState<{ key: string; state: RefreshBoundaryState }>();
  const state = settled?.key === key ? settled.state : "renewing";

  useEffect(() => {
    let isCurrent = true;
    const renewal = joinPageRenewal(renderId, () => router.refresh(), {
      isRetry: retriedRender === renderId,
    });
    void renewal.then((result) => {
      if (!isCurrent) return;
      const step = settleRenewal(result);
      if (step.next === "sign-in") redirectToLogin(step.reason);
      else if (step.next === "show") setSettled({ key, state: step.state });
    });
    return () => {
      isCurrent = false;
    };
  }, [key, renderId, retriedRender, router]);

  const retry = useCallback(() => {
    setRetriedRender(renderId);
    setAttempt((n) => n + 1);
  }, [renderId]);
  return { state, retry };
}
