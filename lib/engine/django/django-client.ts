import "server-only";
import { cookies } from "next/headers";
import { z } from "zod";
import { reportTokenUse } from "@/lib/engine/refresh/token-use";
import { readSessionCookie } from "@/lib/engine/session/session-cookie";
import { toDjangoOutcome, type DjangoOutcome } from "./django-outcome";
import { DjangoUnavailableError, sendJsonToDjango, type DjangoMethod } from "./django-request";

export type DjangoCallOptions = { method?: DjangoMethod; body?: unknown; timeoutMs?: number };
type WithSchema<T> = DjangoCallOptions & { schema: z.ZodType<T> };

/**
 * One call to Django with this access token, JSON in and out. Django's answers, a timeout and
 * a malformed body all become a DjangoOutcome; only programming errors throw. Without a schema
 * the answer's body is not read (a DELETE's 204).
 */
export async function callDjango<T>(
  path: string,
  accessToken: string,
  options: WithSchema<T>,
): Promise<DjangoOutcome<T>>;
export async function callDjango(
  path: string,
  accessToken: string,
  options?: DjangoCallOptions,
): Promise<DjangoOutcome<unknown>>;
export async function callDjango(
  path: string,
  accessToken: string,
  { method = "GET", body, timeoutMs, schema = z.unknown() }: Partial<WithSchema<unknown>> = {},
): Promise<DjangoOutcome<unknown>> {
  try {
    const reply = await sendJsonToDjango(method, path, { accessToken, body, timeoutMs });
    return toDjangoOutcome(reply, schema);
  } catch (error) {
    if (error instanceof DjangoUnavailableError) return { kind: "unavailable" };
    throw error;
  }
}

/**
 * For Server Components and Route Handlers: the access token comes from the session cookie.
 * Never refreshes (a server component cannot set cookies): `unauthenticated` means render
 * <RefreshBoundary/> (DjangoOutcomeView does). Server Actions use callDjangoFromAction.
 */
export async function fetchFromDjango<T>(
  path: string,
  options: WithSchema<T>,
): Promise<DjangoOutcome<T>>;
export async function fetchFromDjango(
  path: string,
  options?: DjangoCallOptions,
): Promise<DjangoOutcome<unknown>>;
export async function fetchFromDjango(
  path: string,
  options: Partial<WithSchema<unknown>> = {},
): Promise<DjangoOutcome<unknown>> {
  const session = await readSessionCookie(await cookies());
  // An access token we know is expired is not worth a round trip to Django.
  if (!session || session.accessExpires <= Date.now()) return { kind: "unauthenticated" };
  reportTokenUse(session); // The cookie came from the browser: its pair reached it.
  return callDjango(path, session.accessToken, options);
}
