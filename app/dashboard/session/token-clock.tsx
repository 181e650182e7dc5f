"use client";

import { Countdown } from "@/app/_components/countdown";
import { useTokenExpiries, type TokenExpiries } from "@/app/_components/use-token-expiries";

/** Live countdowns for both tokens, updated by every refresh in any tab. */
export function TokenClock({ initial }: { initial: Required<TokenExpiries> }) {
  const { accessExpires, refreshExpires } = useTokenExpiries(initial);
  return (
    <dl className="space-y-2">
      <Countdown label="Access token" epochMs={accessExpires} testId="access-expiry" />
      <Countdown
        label="Refresh token"
        epochMs={refreshExpires ?? initial.refreshExpires}
        testId="refresh-expiry"
      />
    </dl>
  );
}
