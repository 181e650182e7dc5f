// The shape of auth.config.ts, what a team changes. This module imports nothing of the engine but
// types: auth.config.ts imports it, and the engine imports auth.config.ts.
import type { RotationStore } from "@/lib/engine/refresh/rotation-store";

export type StoreSetting =
  /** In-process memory: one server instance only (refused on serverless platforms). */
  | { kind: "memory" }
  /** Redis shared by every instance (the lock, the reuse window, ended chains). */
  | { kind: "redis"; url: string }
  /** Your own store, written against the RotationStore interface (e.g. DynamoDB, Postgres). */
  | { kind: "custom"; create: () => RotationStore };

export type AuthConfig = {
  django: {
    /** simplejwt's views, relative to DJANGO_API_URL. */
    tokenPath: string;
    refreshPath: string;
    blacklistPath: string;
    /** The signed-in user's profile (a JSON object with at least the username field), or none. */
    userPath: string | undefined;
    /** The field your TokenObtainPairView expects beside `password` (e.g. `email`). */
    usernameField: string;
  };
  session: {
    /** Absolute lifetime from sign-in; 0 turns it off. */
    maxAgeS: number;
    /** Ends a session unused this long; 0 turns it off. Must outlast the access token. */
    idleTimeoutS: number;
    /** How long before either limit the warning dialog opens. */
    warningLeadS: number;
    /** The session cookie's SameSite. `lax` lets links from other sites open signed-in pages. */
    sameSite: "lax" | "strict";
  };
  refresh: {
    /** How long an older refresh token of the chain still yields the newest successor. */
    reuseWindowS: number;
    /** `revoke`: an old refresh token replayed outside the reuse rules ends the chain. */
    reuseDetection: "revoke" | "off";
  };
  timeouts: {
    /** A server component's or Server Action's call to Django. */
    djangoCallMs: number;
    /** How long a refresh caller waits; Django's rotation itself is never abandoned. */
    refreshCallerWaitMs: number;
    /** The proxy's wait for Django's response headers (the body then streams). */
    proxyResponseHeadersMs: number;
  };
  store: StoreSetting;
};

/** auth.config.ts's helper: checks the values once, at startup, with messages that name them. */
export function defineAuthConfig(config: AuthConfig): AuthConfig {
  assertValid(config);
  return config;
}

/** The rules lib/engine/config-from-env.mjs applies to the variables, applied to values written in the file too. */
function assertValid({ session, refresh, timeouts }: AuthConfig) {
  const problems: string[] = [];
  if (session.idleTimeoutS > 0 && session.maxAgeS > 0 && session.idleTimeoutS >= session.maxAgeS)
    problems.push("session.idleTimeoutS must be shorter than session.maxAgeS (or 0)");
  if (refresh.reuseWindowS < 0 || refresh.reuseWindowS > 3600)
    problems.push("refresh.reuseWindowS must be between 0 and 3600");
  for (const [name, ms] of Object.entries(timeouts))
    if (!Number.isInteger(ms) || ms < 100) problems.push(`timeouts.${name} must be ≥ 100 ms`);
  if (problems.length > 0)
    throw new Error(`Invalid auth.config.ts:\n  - ${problems.join("\n  - ")}`);
}
