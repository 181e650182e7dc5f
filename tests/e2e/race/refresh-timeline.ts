import type { BrowserContext, Request } from "@playwright/test";

export type RefreshCall = {
  /** The server instance that received it ("127.0.0.1:3101"). */
  host: string;
  start: number;
  /** Unset while the call is in flight. */
  end?: number;
  /** Chromium's reason when the call never got its answer, e.g. "net::ERR_ABORTED". */
  failure?: string;
};

const isRefresh = (request: Request) => new URL(request.url()).pathname === "/api/auth/refresh";

/**
 * Every POST /api/auth/refresh of a browser context as a time interval, so that a race scenario
 * can prove its race happened: calls in flight together, aborted calls, every instance hit.
 */
export class RefreshTimeline {
  private readonly calls = new Map<Request, RefreshCall>();

  constructor(context: BrowserContext) {
    context.on("request", (request) => {
      if (isRefresh(request)) {
        this.calls.set(request, { host: new URL(request.url()).host, start: Date.now() });
      }
    });
    context.on("requestfinished", (request) => this.close(request));
    context.on("requestfailed", (request) =>
      this.close(request, request.failure()?.errorText ?? "failed"),
    );
  }

  get all(): RefreshCall[] {
    return [...this.calls.values()];
  }

  /** Calls the browser gave up on before their answer arrived (a reload or navigation). */
  get aborted(): RefreshCall[] {
    return this.all.filter((call) => call.failure !== undefined);
  }

  hosts(): string[] {
    return [...new Set(this.all.map((call) => call.host))].sort();
  }

  /** The largest number of calls that were in flight at one instant. */
  maxInFlight(calls: RefreshCall[] = this.all): number {
    return maxOverlap(calls.map(({ start, end }) => [start, end ?? Date.now()]));
  }

  /** Whether a call to `hostA` and a call to `hostB` were in flight at one instant. */
  overlapAcross(hostA: string, hostB: string): boolean {
    const calls = this.all;
    return calls.some(
      (a) =>
        a.host === hostA &&
        calls.some((b) => b.host === hostB && maxOverlap([span(a), span(b)]) === 2),
    );
  }

  private close(request: Request, failure?: string) {
    const call = this.calls.get(request);
    if (call) Object.assign(call, { end: Date.now(), failure });
  }
}

function span({ start, end }: RefreshCall): [number, number] {
  return [start, end ?? Date.now()];
}

/** Sweep over [start, end] intervals: the most that contain one instant (touching does not count). */
export function maxOverlap(intervals: Array<[number, number]>): number {
  const events = intervals.flatMap(([start, end]) => [
    [start, 1],
    [end, -1],
  ]);
  // At equal times, ends before starts: one call ending as the next begins is not "together".
  events.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let open = 0;
  let most = 0;
  for (const [, step] of events) {
    open += step!;
    most = Math.max(most, open);
  }
  return most;
}
