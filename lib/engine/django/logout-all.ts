import "server-only";
import { engineConfig } from "@/lib/engine/instance";
import { AppError } from "@/lib/engine/errors";
import { postToDjango } from "./django-request";

/** What Django's logout-all (simplejwt_rotation's LogoutAllView) made of this access token. */
export type LogoutAllAnswer = "signed_out_everywhere" | "access_rejected";

/**
 * Blacklists every refresh token of the access token's user at Django. Throws AppError
 * `misconfigured` when django.logoutAllPath (DJANGO_LOGOUT_ALL_PATH) is unset, `upstream_unavailable` for any answer
 * but 200 or 401 (Django down, the view missing: nobody was signed out).
 */
export async function logOutAllAtDjango(accessToken: string): Promise<LogoutAllAnswer> {
  const path = engineConfig().django.logoutAllPath;
  if (!path) throw new AppError("misconfigured", "django.logoutAllPath is not set");
  const reply = await postToDjango(path, {}, { accessToken, isAuthCall: true });
  if (reply.status === 401) return "access_rejected";
  if (reply.status !== 200) {
    throw new AppError("upstream_unavailable", `Django's ${path} answered ${reply.status}`);
  }
  return "signed_out_everywhere";
}
