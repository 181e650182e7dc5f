"use client";

import { useCallback, useState } from "react";
import { redirectToLogin, refreshSessionOnce } from "./tab-refresh.client";

/**
 * The idle warning's "Stay signed in": a real rotation, which is what moves the idle deadline,
 * in every tab. `hasFailed`: the server could not be reached (the session is kept; try again).
 */
export function useStaySignedIn(): {
  staySignedIn: () => Promise<void>;
  isStaying: boolean;
  hasFailed: boolean;
} {
  const [isStaying, setIsStaying] = useState(false);
  const [hasFailed, setHasFailed] = useState(false);

  const staySignedIn = useCallback(async () => {
    setIsStaying(true);
    setHasFailed(false);
    const result = await refreshSessionOnce();
    setIsStaying(false);
    if (!result.ok && result.error === "session_expired") redirectToLogin(result.reason);
    else if (!result.ok) setHasFailed(true);
  }, []);
  return { staySignedIn, isStaying, hasFailed };
}
