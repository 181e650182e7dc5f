import "server-only";
import { Card } from "@/app/_components/ui/card";
import { instanceId, readRefreshCounters } from "@/lib/engine/diagnostics";
import { isDemoDiagnosticsOn } from "../diagnostics-setting";

/**
 * This server process's refresh decisions since it started (other instances count their own).
 * Host name, pid and every user's counts are the operator's: shown in development, or in
 * production only with AUTH_DEMO_DIAGNOSTICS=on.
 */
export function RefreshCounters() {
  if (!isDemoDiagnosticsOn()) return null;
  const counters = Object.entries(readRefreshCounters());
  return (
    <Card
      title="Refresh decisions on this server"
      description={`Instance ${instanceId()}, since it started. Reload the page to update.`}
    >
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm">
        {counters.map(([outcome, count]) => (
          <div key={outcome} className="flex justify-between gap-3">
            <dt className="font-mono text-zinc-600 dark:text-zinc-400">{outcome}</dt>
            <dd className="font-mono tabular-nums" data-outcome={outcome}>
              {count}
            </dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
