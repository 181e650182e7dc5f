"use client";

import { useSecondsLeft } from "./use-token-expiries";

/** "expires in 42 s" / "expired 3 s ago", for a token expiry. */
export function Countdown({
  label,
  epochMs,
  testId,
}: {
  label: string;
  epochMs: number;
  testId?: string;
}) {
  const seconds = useSecondsLeft(epochMs);
  return (
    <div className="flex items-baseline justify-between gap-4 text-sm">
      <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd data-testid={testId} data-expires={epochMs} className="font-mono tabular-nums">
        {describeExpiry(seconds)}
      </dd>
    </div>
  );
}

function describeExpiry(seconds: number | null): string {
  if (seconds === null) return "…";
  return seconds > 0
    ? `expires in ${formatSeconds(seconds)}`
    : `expired ${formatSeconds(-seconds)} ago`;
}

function formatSeconds(total: number): string {
  if (total < 120) return `${total} s`;
  if (total < 2 * 3600) return `${Math.round(total / 60)} min`;
  if (total < 2 * 86400) return `${Math.round(total / 3600)} h`;
  return `${Math.round(total / 86400)} days`;
}
