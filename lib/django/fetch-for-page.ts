import "server-only";
import { cookies } from "next/headers";
import type { z } from "zod";
import { readSessionCookie } from "@/lib/session/session-cookie";
import { DjangoUnavailableError, getFromDjango } from "./django-request";

export type PageData<T> =
  | { kind: "ok"; data: T }
  | { kind: "needs_refresh" }
  | { kind: "unavailable" }
  | { kind: "error"; status: number };

/**
 * GETs a Django path with the session's access token, for server components. A 401 becomes
 * `needs_refresh`: render <RefreshBoundary/>. Never refresh here: a server component cannot set cookies.
 */
export async function fetchDjangoForPage<T>(
  path: string,
  schema: z.ZodType<T>,
): Promise<PageData<T>> {
  const session = await readSessionCookie(await cookies());
  // An access token we know is expired is not worth a round trip to Django.
  if (!session || session.accessExpires <= Date.now()) return { kind: "needs_refresh" };
  try {
    const reply = await getFromDjango(path, session.accessToken);
    if (reply.status === 401) return { kind: "needs_refresh" };
    const parsed = schema.safeParse(reply.body);
    if (reply.status !== 200 || !parsed.success) return { kind: "error", status: reply.status };
    return { kind: "ok", data: parsed.data };
  } catch (error) {
    if (error instanceof DjangoUnavailableError) return { kind: "unavailable" };
    throw error;
  }
}
