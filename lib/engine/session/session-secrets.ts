import type { JWTPayload } from "jose";
import { engineConfig } from "@/lib/engine/instance";
import { decodeSessionJwt } from "./session-jwt";

export type OpenedJwt = { payload: JWTPayload; isSealedWithPrevious: boolean };

/**
 * Opens a session JWT with the current secret, then each previous one: a cookie from
 * before a rotation stays readable. Writes always seal with the current secret. Throws the
 * current secret's error when no secret opens it.
 */
export async function openSessionJwt(
  token: string,
  secrets: { current: string; previous: readonly string[] } = engineConfig().secrets,
): Promise<OpenedJwt> {
  try {
    return { payload: await decodeSessionJwt(token, secrets.current), isSealedWithPrevious: false };
  } catch (error) {
    for (const secret of secrets.previous) {
      const payload = await decodeSessionJwt(token, secret).catch(() => null);
      if (payload) return { payload, isSealedWithPrevious: true };
    }
    throw error;
  }
}
