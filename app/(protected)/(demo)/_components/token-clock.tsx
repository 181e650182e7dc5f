"use client";

import { Countdown } from "./countdown";
import { useTokenExpiries, type TokenExpiries } from "./use-token-expiries";

/** Live countdowns for the session's tokens, updated by every refresh in any tab. */
export function TokenClock({ initial }: { initial: TokenExpiries }) {
  const { accessExpires, refreshExpires } = useTokenExpiries(initial);
  return (
    <dl className="space-y-2">
      <Countdown label="Access token" epochMs={accessExpires} testId="access-expiry" />
      {refreshExpires !== undefined && (
        <Countdown label="Refresh token" epochMs={refreshExpires} testId="refresh-expiry" />
      )}
    </dl>
  );
}
