"use client";

import { useEffect, useState } from "react";
import { subscribeToAuthEvents, type AuthEvent, type AuthEventSource } from "@/lib/engine/client";
import { Button } from "@/app/_components/ui/button";

type Entry = { id: number; at: number; source: AuthEventSource; event: AuthEvent };

const MAX_ENTRIES = 200;

function describeEvent(event: AuthEvent): string {
  switch (event.type) {
    case "unauthorized":
      return `401 on ${event.request}: held for the refresh`;
    case "refresh-started":
      return "Refresh started (POST /api/auth/refresh)";
    case "refresh-finished":
      return `Refresh finished: ${event.outcome}`;
    case "retried":
      return `Retried ${event.request} → ${event.status}`;
    case "signed-out":
      return "Signed out";
  }
}

const TONE: Record<AuthEvent["type"], string> = {
  unauthorized: "bg-amber-500",
  "refresh-started": "bg-sky-500",
  "refresh-finished": "bg-brand-500",
  retried: "bg-zinc-400",
  "signed-out": "bg-red-500",
};

/** Every step of this tab's 401 handling, plus what other tabs announce. */
export function AuthTimeline() {
  const [entries, setEntries] = useState<Entry[]>([]);

  useEffect(() => {
    let nextId = 0;
    return subscribeToAuthEvents((event, source) => {
      const entry = { id: nextId++, at: Date.now(), source, event };
      setEntries((current) => [entry, ...current].slice(0, MAX_ENTRIES));
    });
  }, []);

  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {entries.length} events, newest first
        </p>
        <Button variant="secondary" onClick={() => setEntries([])} disabled={!entries.length}>
          Clear
        </Button>
      </div>
      <ol
        aria-live="polite"
        aria-label="Auth timeline"
        className="max-h-[36rem] space-y-1 overflow-y-auto text-sm"
      >
        {entries.length === 0 && (
          <li className="text-zinc-600 dark:text-zinc-400">
            Nothing yet. Wait for the access token to expire, then fire some requests.
          </li>
        )}
        {entries.map(({ id, at, source, event }) => (
          <li
            key={id}
            data-testid="timeline-entry"
            data-type={event.type}
            data-source={source}
            data-outcome={event.type === "refresh-finished" ? event.outcome : undefined}
            className="flex items-baseline gap-3 rounded-md px-2 py-1 odd:bg-zinc-50 dark:odd:bg-zinc-800/50"
          >
            <span
              aria-hidden
              className={`mt-1.5 size-2 shrink-0 rounded-full ${TONE[event.type]}`}
            />
            <time className="shrink-0 font-mono text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
              {new Date(at).toLocaleTimeString([], { hour12: false })}.
              {String(at % 1000).padStart(3, "0")}
            </time>
            <span className="min-w-0 flex-1 break-words">{describeEvent(event)}</span>
            {source === "other-tab" && (
              <span className="shrink-0 rounded bg-violet-100 px-1.5 text-xs text-violet-900 dark:bg-violet-950 dark:text-violet-200">
                other tab
              </span>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
