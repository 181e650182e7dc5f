import "server-only";
import { decodeJwt } from "jose";
import { z } from "zod";
import { AppError } from "@/lib/engine/errors";
import { engineConfig } from "@/lib/engine/instance";
import type { SessionUser, TokenPair, UserField } from "@/lib/engine/session/session-data";
import { getFromDjango } from "./django-request";

const profileSchema = z
  .object({
    id: z.union([z.string(), z.number()]).optional(),
    email: z.string().optional(),
    first_name: z.string().optional(),
    last_name: z.string().optional(),
  })
  .catchall(z.unknown());

type Profile = z.infer<typeof profileSchema>;

const claimsSchema = z
  .object({ user_id: z.union([z.string(), z.number()]).optional() })
  .catchall(z.unknown());

/**
 * The signed-in user the session carries, from where the project keeps it: a key of the login
 * answer (`django.userFromLogin`, e.g. dj-rest-auth's `user`), else the profile at
 * `django.userPath` (`me/`, or `users/{user_id}/` filled from the access token's claims), else
 * the token's `user_id` and the username typed at sign-in. `django.userFields` names more fields
 * to carry (strings, numbers, booleans). Throws AppError `misconfigured` when the configured
 * source does not hold the username field: an operator's fault, logged, never shown.
 */
export async function readUser(
  pair: TokenPair,
  typedUsername: string,
  loginBody: unknown,
): Promise<SessionUser> {
  const { django } = engineConfig();
  const claims = claimsSchema.parse(decodeJwt(pair.accessToken));
  const fallback: SessionUser = {
    id: String(claims.user_id ?? typedUsername),
    username: typedUsername,
  };
  if (django.userFromLogin) {
    const user = (loginBody as Record<string, unknown> | null)?.[django.userFromLogin];
    return toSessionUser(user, fallback, `the login answer's "${django.userFromLogin}"`);
  }
  if (!django.userPath) return fallback;
  const path = fillClaims(django.userPath, claims);
  const reply = await getFromDjango(path, pair.accessToken);
  return toSessionUser(reply.status === 200 ? reply.body : null, fallback, `Django's ${path}`);
}

function toSessionUser(value: unknown, fallback: SessionUser, source: string): SessionUser {
  const { usernameField, userFields } = engineConfig().django;
  const profile = profileSchema.safeParse(value);
  const username = profile.data?.[usernameField];
  if (!profile.success || typeof username !== "string") {
    throw new AppError(
      "misconfigured",
      `${source} must be a JSON object with "${usernameField}" (DJANGO_USERNAME_FIELD)`,
    );
  }
  const { id, email, first_name, last_name } = profile.data;
  const name = [first_name, last_name].filter(Boolean).join(" ");
  const fields = pickFields(profile.data, userFields);
  return {
    id: String(id ?? fallback.id),
    username,
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
    ...(fields ? { fields } : {}),
  };
}

/** The named fields that hold a string, number, boolean or null; anything else is left out. */
function pickFields(profile: Profile, names: readonly string[]): Record<string, UserField> | null {
  const picked = Object.fromEntries(
    names.flatMap((name) => {
      const value = profile[name];
      const isPlain = value === null || ["string", "number", "boolean"].includes(typeof value);
      return isPlain ? [[name, value as UserField]] : [];
    }),
  );
  return Object.keys(picked).length > 0 ? picked : null;
}

/** `users/{user_id}/` with the access token's claims filled in, each encoded as one segment. */
function fillClaims(path: string, claims: Record<string, unknown>): string {
  return path.replace(/\{(\w+)\}/g, (_, claim: string) => {
    const value = claims[claim];
    if (typeof value !== "string" && typeof value !== "number") {
      throw new AppError(
        "misconfigured",
        `DJANGO_USER_PATH names {${claim}}, which the access token does not carry`,
      );
    }
    return encodeURIComponent(String(value));
  });
}
