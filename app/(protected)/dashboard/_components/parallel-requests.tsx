"use client";

import { useState } from "react";
import { Button } from "@/app/_components/ui/button";
import { useIsHydrated } from "@/app/_components/use-is-hydrated";
import { describeFailure } from "@/app/_components/describe-failure";
import { callDjango, type DjangoFailure } from "@/lib/engine/client";

type Result = { index: number; status: number | "error"; ms: number; error?: DjangoFailure };

/** Fires N requests at once through the shared client: after expiry, all wait on one refresh. */
export function ParallelRequests({ path }: { path: string }) {
  const [count, setCount] = useState(10);
  const [results, setResults] = useState<Result[]>([]);
  const [isPending, setIsPending] = useState(false);
  // A count typed before hydration would be lost: both controls wait for it.
  const isHydrated = useIsHydrated();

  async function fire() {
    setIsPending(true);
    setResults([]);
    const settled = await Promise.all(
      Array.from({ length: count }, async (_, index): Promise<Result> => {
        const started = performance.now();
        // The same call and outcome as a server component's: only the import differs.
        const outcome = await callDjango(path);
        const ms = Math.round(performance.now() - started);
        return outcome.ok
          ? { index, status: outcome.status, ms }
          : { index, status: "error", ms, error: outcome.error };
      }),
    );
    setResults(settled);
    setIsPending(false);
  }

  const succeeded = results.filter((r) => r.status === 200).length;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <label className="space-y-1.5 text-sm font-medium">
          <span className="block">Requests</span>
          <input
            type="number"
            min={1}
            max={50}
            value={count}
            disabled={!isHydrated}
            onChange={(event) =>
              setCount(Math.min(50, Math.max(1, Number(event.target.value) || 1)))
            }
            className="w-24 rounded-lg border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-950"
          />
        </label>
        <Button onClick={fire} isPending={isPending} disabled={!isHydrated}>
          Fire {count} parallel requests
        </Button>
      </div>
      <div aria-live="polite" className="space-y-2">
        {results.length > 0 && (
          <p data-testid="parallel-summary" className="text-sm font-medium">
            {succeeded} of {results.length} succeeded
          </p>
        )}
        <ul className="grid grid-cols-[repeat(auto-fill,minmax(8.5rem,1fr))] gap-2">
          {results.map((result) => (
            <li
              key={result.index}
              data-testid="parallel-result"
              data-status={result.status}
              data-error={result.error}
              title={result.error && describeFailure(result.error)}
              className={`rounded-md px-2 py-1 font-mono text-xs ${result.status === 200 ? "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200" : "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200"}`}
            >
              #{result.index + 1} {result.error ?? result.status} · {result.ms} ms
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
