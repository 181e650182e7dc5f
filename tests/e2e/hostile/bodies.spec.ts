import { expect, test } from "../fixtures";
import { APP_URL } from "../support/servers";
import { cookieHeader } from "./raw-request";
import { findServerPid, readRssMb, sendBigBody, withPeakRss } from "./big-body";

/**
 * An anonymous client streams 200 MB at each route that reads a body. Each must answer 4xx within
 * a few seconds having held at most tens of MB: refused by Content-Length at once, or cut off by a
 * streaming cap (never buffered whole). The figures are printed for the docs.
 */
const TOTAL_BYTES = 200 * 1024 * 1024;
const MAX_SECONDS = 5;
// A page POST still passes through Next's middleware body clone (up to 10 MB) before we answer.
const MAX_GROWTH_MB = 80;
const SAME_ORIGIN = { origin: APP_URL };

type Target = { route: string; path: string; headers?: Record<string, string>; signedIn?: boolean };

const TARGETS: Target[] = [
  { route: "refresh", path: "/api/auth/refresh", headers: { "content-type": "application/json" } },
  {
    route: "next-auth sign-in",
    path: "/api/auth/callback/credentials",
    headers: { "content-type": "application/x-www-form-urlencoded" },
  },
  {
    route: "next-auth sign-out",
    path: "/api/auth/signout",
    headers: { "content-type": "application/x-www-form-urlencoded" },
  },
  {
    route: "Server Action",
    path: "/dashboard",
    headers: { "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8" },
  },
  {
    route: "Django proxy",
    path: "/api/django/notes/",
    headers: { "content-type": "application/json" },
    signedIn: true,
  },
];

test.describe("hostile: a 200 MB body at every route that reads one", () => {
  for (const target of TARGETS) {
    for (const declareLength of [false, true]) {
      const framing = declareLength ? "Content-Length" : "chunked";
      test(`${target.route} (${target.path}), ${framing}: 4xx within ${MAX_SECONDS} s, memory bounded`, async ({
        context,
        signIn,
      }) => {
        const headers: Record<string, string> = { ...SAME_ORIGIN, ...target.headers };
        if (target.signedIn) {
          await signIn();
          headers.cookie = await cookieHeader(context);
        }
        const pid = findServerPid();
        const { result, peakMb, baselineMb } = await measure(pid, () =>
          sendBigBody(target.path, { totalBytes: TOTAL_BYTES, headers, declareLength }),
        );
        const growthMb = peakMb - baselineMb;
        console.log(
          `[bodies] ${target.route} ${framing}: ${result.status} after ${Math.round(result.elapsedMs)} ms, ` +
            `${(result.sentBytes / 2 ** 20).toFixed(1)} MB sent, RSS ${baselineMb.toFixed(0)} → peak ${peakMb.toFixed(0)} MB (+${growthMb.toFixed(1)})`,
        );
        expect(result.status).toBeGreaterThanOrEqual(400);
        expect(result.status).toBeLessThan(500);
        expect(result.elapsedMs).toBeLessThan(MAX_SECONDS * 1000);
        expect(growthMb).toBeLessThan(MAX_GROWTH_MB);
      });
    }
  }
});

async function measure<T>(pid: number, work: () => Promise<T>) {
  const baselineMb = readRssMb(pid);
  const { result, peakMb } = await withPeakRss(pid, work);
  return { result, peakMb, baselineMb };
}
