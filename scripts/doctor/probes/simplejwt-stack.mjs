// Which simplejwt the API runs and the settings a refreshing client notices, inferred from what it
// answers (a malformed token, the claims it issues, the profile): never from its source. Diagnosis
// only: the template itself keys nothing on simplejwt's `detail` wording.
import { ok, warn } from "../findings.mjs";
import { readClaims } from "../jwt.mjs";

// A JWT's shape with a signature no key made: simplejwt must refuse it as invalid, never expired.
const MALFORMED_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.invalid";
/** 5.5 split "Token is invalid or expired" into "Token is invalid" / "Token is expired". */
const DETAIL_BY_VERSION = [
  ["Token is invalid", "5.5 or later"],
  ["Token is invalid or expired", "5.2 to 5.4"],
];
const STANDARD_CLAIMS = new Set(["token_type", "exp", "iat", "jti", "user_id"]);
const isMd5 = (value) => typeof value === "string" && /^[0-9a-fA-F]{32}$/.test(value);
const RECENT_MS = 60_000;

export async function checkSimplejwtStack(ctx) {
  const reply = await ctx.client.call("refresh (malformed token)", {
    path: ctx.config.refreshPath,
    body: { refresh: MALFORMED_TOKEN },
  });
  const detail = typeof reply.body?.detail === "string" ? reply.body.detail : "";
  const range = DETAIL_BY_VERSION.find(([text]) => text === detail)?.[1];
  const revoke = findRevokeClaim(readClaims(ctx.access));
  const version = inferVersion(range, revoke);
  ctx.simplejwt = { version, checkRevokeToken: revoke ? "on" : "off or unknown" };
  ctx.add(
    version === "unknown"
      ? warn(
          "simplejwt_version",
          "simplejwt",
          `version unknown: a malformed refresh token got ${reply.status}${detail ? ` "${detail}"` : ""} (translated or customised)`,
          "nothing to fix for the template, which reads simplejwt's `code`, never its wording",
        )
      : ok("simplejwt_version", "simplejwt", `${version} (inferred from its answers)`),
  );
  ctx.add(ok("check_revoke_token", "CHECK_REVOKE_TOKEN", describeRevoke(revoke, range)));
  ctx.add(
    ok(
      "check_user_is_active",
      "CHECK_USER_IS_ACTIVE",
      "unknown (needs an inactive account; default True): simplejwt 5.4+ refuses an inactive user's refresh with `no_active_account`, older versions its API calls with `user_inactive`; either way the template ends the session and says the account was deactivated",
    ),
  );
  ctx.add(ok("update_last_login", "UPDATE_LAST_LOGIN", describeLastLogin(ctx)));
}

/** A claim holding simplejwt's md5 of the password hash (REVOKE_TOKEN_CLAIM, "hash_password"). */
function findRevokeClaim(claims) {
  if (!claims) return null;
  if (isMd5(claims.hash_password)) return "hash_password";
  return (
    Object.keys(claims).find((name) => !STANDARD_CLAIMS.has(name) && isMd5(claims[name])) ?? null
  );
}

function inferVersion(range, revoke) {
  if (range === "5.2 to 5.4" && revoke) return "5.3 to 5.4"; // CHECK_REVOKE_TOKEN came in 5.3
  return range ?? "unknown";
}

function describeRevoke(revoke, range) {
  if (revoke) {
    return `on (tokens carry "${revoke}"): a password change makes Django refuse the user's tokens with \`password_changed\`, and the template ends the session with "Your password was changed: sign in again."`;
  }
  const older = range === "5.2 to 5.4" ? " (or simplejwt older than 5.3, which lacks it)" : "";
  return `off${older}: a password change leaves the user's refresh tokens valid until they expire`;
}

/** From the profile at DJANGO_USER_PATH, if it shows last_login (simplejwt sets it at sign-in). */
function describeLastLogin(ctx) {
  const lastLogin = ctx.profile?.last_login;
  if (lastLogin === undefined) {
    return "unknown (not observable: add last_login to DJANGO_USER_PATH's answer to see it); when on, every sign-in also writes the user row";
  }
  const at = Date.parse(String(lastLogin));
  const signedInAt = ctx.issued[0]?.sentAt ?? Date.now();
  if (lastLogin !== null && Number.isFinite(at) && Math.abs(at - signedInAt) < RECENT_MS) {
    return "on: every sign-in also writes the user row (one more database write per sign-in, none per refresh)";
  }
  return "off: the sign-in just made left last_login unchanged";
}
