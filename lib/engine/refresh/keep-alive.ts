import { after } from "next/server";

/**
 * Registers work that must outlive the response (a Django rotation nobody waits for any more, a
 * store write being retried): on Vercel a function may be frozen once its response is sent.
 * The promise itself goes to after(), not a callback returning it: a callback is bound to a
 * snapshot of every AsyncLocalStorage and queued, once per caller of a refresh storm.
 * Outside a request scope (unit tests, scripts) there is nothing to extend, and nothing to do.
 */
export function keepAlive(work: Promise<unknown>): void {
  try {
    after(work);
  } catch {
    // No request scope: the process lives on anyway, and `work` handles its own errors.
  }
}
