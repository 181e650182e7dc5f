"use client";

import { useEffect } from "react";
import { endRefusedSession } from "./tab-refresh.client";

/**
 * For what a page shows where Django refused this user (deactivated, deleted): signs out once
 * mounted, then goes to /login.
 */
export function useEndRefusedSession() {
  useEffect(() => void endRefusedSession(), []);
}
