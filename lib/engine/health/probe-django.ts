import { deadlineSignal } from "@/lib/engine/deadline";
import { fetchFromDjango } from "@/lib/engine/django/django-fetch";
import type { ProbeResult } from "./probe-result";

/**
 * Django is up when its API root answers at all below 500 within `timeoutMs`: many APIs have
 * no view at the root and answer 404, which still proves the server and its URL routing run.
 */
export async function probeDjango(apiUrl: string, timeoutMs: number): Promise<ProbeResult> {
  const deadline = deadlineSignal(timeoutMs);
  try {
    const response = await fetchFromDjango(`${apiUrl}/`, {
      signal: deadline.signal,
      redirect: "manual",
      cache: "no-store",
      headers: { Accept: "application/json" },
    });
    await response.body?.cancel(); // Only the status matters; free the connection now.
    return response.status < 500
      ? { ok: true }
      : { ok: false, reason: "server_error", status: response.status };
  } catch (error) {
    const isTimeout = error instanceof DOMException && error.name === "TimeoutError";
    return { ok: false, reason: isTimeout ? "timeout" : "network" };
  } finally {
    deadline.stop();
  }
}
