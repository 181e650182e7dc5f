import { isAxiosError, type AxiosInstance } from "axios";
import type { DjangoCallOptions, DjangoOutcome } from "@/lib/engine/contract";
import { failed, toDjangoOutcome } from "@/lib/engine/django/django-outcome";
import { splitQuery } from "@/lib/engine/http/query";
import { api, RefreshUnavailableError, SessionExpiredError } from "./api.client";
import { redirectToLogin } from "./tab-refresh.client";

/**
 * For client components: the same options and outcome as the server's callDjango, through the
 * shared axios instance (a 401 waits behind the tab's one refresh and is retried once). Never
 * throws for anything Django or the network does; `session_expired`: the user is being sent to
 * sign in. Without a schema the data is Django's JSON, unchecked (and zod is not loaded).
 */
export async function callDjango<T = unknown>(
  path: string,
  { method = "GET", query, body, schema, timeoutMs }: DjangoCallOptions<T> = {},
  client: AxiosInstance = api,
): Promise<DjangoOutcome<T>> {
  const target = splitQuery(path, query);
  try {
    const response = await client.request({
      url: `${target.path}${target.search}`,
      method,
      data: body,
      ...(timeoutMs ? { timeout: timeoutMs } : {}),
    });
    return toDjangoOutcome(response.status, response.data, schema);
  } catch (error) {
    if (error instanceof SessionExpiredError) return failed("session_expired");
    if (error instanceof RefreshUnavailableError) return failed("unavailable");
    // No answer (network, timeout): Django may come back; the session is kept.
    if (isAxiosError(error) && error.response) {
      return toDjangoOutcome(error.response.status, error.response.data, schema);
    }
    if (isAxiosError(error)) return failed("unavailable");
    throw error;
  }
}

/**
 * Call with every outcome a Server Action returns: a dead session leaves for /login (and comes
 * back to this page after sign-in), as callDjango's own failed refresh does in the browser.
 */
export function followSession<O extends DjangoOutcome<unknown> | null>(outcome: O): O {
  if (outcome && !outcome.ok && outcome.error === "session_expired") redirectToLogin();
  return outcome;
}
