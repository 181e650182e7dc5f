// The engine's config entry: the settings createDjangoAuth takes, every one of them, no other way
// in. authConfigFromEnv reads them from the documented variables; auth.config.ts may override any.
// Nothing here needs a server: `npm run doctor` loads auth.config.ts, and this file, in plain Node.
import { z } from "zod";
import type { RotationStore } from "@/lib/engine/refresh/rotation-store";
import { ENGINE_VERSION } from "@/lib/engine/version";
import { COOKIE_NAME } from "./config-from-env.mjs";

export { authConfigFromEnv } from "./config-from-env.mjs";
export type { RotationStore };

export type StoreSetting =
  /** In-process memory: one server instance only (refused on serverless platforms). */
  | { kind: "memory"; maxSessions: number }
  /** Redis shared by every instance (the lock, the reuse window, ended chains). */
  | { kind: "redis"; url: string }
  /** A Redis Cluster shared by every instance: some of its nodes' URLs (the rest are found). */
  | { kind: "redis-cluster"; urls: string[] }
  /** Your own store, written against the RotationStore interface (e.g. DynamoDB, Postgres). */
  | { kind: "custom"; create: () => RotationStore };

const djangoPath = z
  .string()
  .regex(/^[\w\-.~/]+$/, "use letters, digits, '-', '_', '.', '~' and '/' only")
  .refine((path) => !path.startsWith("/"), "must be relative (no leading '/')")
  .refine((path) => !path.split("/").includes(".."), "must not contain '..'");

/** A path whose `{claim}` parts are the access token's claims. */
const profilePath = z
  .string()
  .regex(
    /^([\w\-.~/]|\{[A-Za-z_]\w*\})+$/,
    "use letters, digits, '-', '_', '.', '~', '/' and {claim}",
  )
  .refine((path) => !path.startsWith("/"), "must be relative (no leading '/')")
  .refine((path) => !path.split("/").includes(".."), "must not contain '..'");

const fieldName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a field name");

const seconds = z.number().int().min(0);
const timeoutMs = z.number().int("must be ≥ 100 ms").min(100, "must be ≥ 100 ms");

const configSchema = z
  .strictObject({
    django: z.strictObject({
      /** Django's API root, e.g. http://127.0.0.1:8000/api (no trailing slash needed). */
      apiUrl: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, "")),
      /** simplejwt's views, relative to apiUrl. */
      tokenPath: djangoPath,
      refreshPath: djangoPath,
      blacklistPath: djangoPath,
      /** Sign-out sends the session's access token as Bearer (a logout view behind IsAuthenticated). */
      blacklistBearer: z.boolean().default(false),
      /** The field of the sign-out body that carries the refresh token. */
      blacklistField: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a field name such as refresh")
        .default("refresh"),
      /**
       * The cookie Django keeps the refresh token in instead of the body (dj-rest-auth's
       * JWT_AUTH_REFRESH_COOKIE with JWT_AUTH_HTTPONLY): read from the login and refresh answers'
       * Set-Cookie, and sent back as that cookie to the refresh and sign-out views.
       */
      refreshCookie: z.string().regex(COOKIE_NAME, "must be a cookie name").optional(),
      /**
       * The signed-in user's profile (a JSON object with at least the username field), or none;
       * `{claim}` takes the access token's claim (`users/{user_id}/`).
       */
      userPath: profilePath.optional(),
      /** The login answer's key that holds the user (dj-rest-auth: `user`); wins over userPath. */
      userFromLogin: fieldName.optional(),
      /** More profile fields the session carries (plain values), e.g. `["public_id"]`. */
      userFields: z.array(fieldName).default([]),
      /** simplejwt_rotation's logout-all view: set, the app offers "Sign out of all devices". */
      logoutAllPath: djangoPath.optional(),
      /** The field your TokenObtainPairView expects beside `password` (e.g. `email`). */
      usernameField: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a Django field name"),
    }),
    /** Seals the session cookie and the store's records; `previous` still open, never seal. */
    secrets: z.strictObject({
      current: z.string().min(32, "must be at least 32 characters"),
      previous: z.array(z.string().min(32, "each must be at least 32 characters")),
    }),
    session: z.strictObject({
      /** Absolute lifetime from sign-in; 0 turns it off. */
      maxAgeS: seconds,
      /** Ends a session unused this long; 0 turns it off. Must outlast the access token. */
      idleTimeoutS: seconds,
      /** How long before either limit the warning dialog opens. */
      warningLeadS: seconds.max(86_400),
      /** The session cookie's SameSite. `lax` lets links from other sites open signed-in pages. */
      sameSite: z.enum(["lax", "strict"]),
      /** `__Host-` cookie with Secure: on an https origin (and always on Vercel). */
      secureCookie: z.boolean(),
    }),
    refresh: z.strictObject({
      /** How long an older refresh token of the chain still yields the newest successor. */
      reuseWindowS: seconds.max(3600),
      /** `revoke`: an old refresh token replayed outside the reuse rules ends the chain. */
      reuseDetection: z.enum(["revoke", "off"]),
    }),
    timeouts: z.strictObject({
      /** A server component's or Server Action's call to Django. */
      djangoCallMs: timeoutMs,
      /** How long a refresh caller waits; Django's rotation itself is never abandoned. */
      refreshCallerWaitMs: timeoutMs,
      /** The proxy's wait for Django's response headers (the body then streams). */
      proxyResponseHeadersMs: timeoutMs,
      /**
       * How long a connection to Django stays open unused: below your server's keep-alive
       * (gunicorn 2 s, uvicorn 5 s, nginx 75 s), so this side always closes it first.
       */
      djangoKeepAliveMs: z
        .number()
        .int()
        .min(100, "must be ≥ 100 ms")
        .max(600_000, "must be ≤ 600000 ms")
        .default(1_000),
    }),
    store: z.discriminatedUnion("kind", [
      z.strictObject({ kind: z.literal("memory"), maxSessions: z.number().int().min(1) }),
      z.strictObject({ kind: z.literal("redis"), url: z.url({ protocol: /^rediss?$/ }) }),
      z.strictObject({
        kind: z.literal("redis-cluster"),
        urls: z.array(z.url({ protocol: /^rediss?$/ })).min(1, "name at least one node"),
      }),
      z.strictObject({
        kind: z.literal("custom"),
        create: z.custom<() => RotationStore>((value) => typeof value === "function"),
      }),
    ]),
    deployment: z.strictObject({
      /** The app's public origin (NEXTAUTH_URL); https turns on upgrade-insecure-requests. */
      origin: z.url({ protocol: /^https?$/ }).optional(),
      /** `next dev`: the CSP allows what React's development build needs. */
      isDevelopment: z.boolean(),
      /** Proxies in front of Next that append to X-Forwarded-For (Vercel or one nginx: 1). */
      trustedProxyHops: z.number().int().min(0).max(10),
      /** Names this process in logs and metrics; default: host name and pid. */
      instanceId: z
        .string()
        .regex(/^[\w.:-]{1,64}$/)
        .optional(),
    }),
    /** OpenTelemetry metrics over OTLP/HTTP (the exporter reads OTEL_EXPORTER_OTLP_*); null: off. */
    metricsExport: z.strictObject({ intervalMs: z.number().int().min(1000) }).nullable(),
  })
  .superRefine(({ session }, ctx) => {
    if (session.idleTimeoutS > 0 && session.maxAgeS > 0 && session.idleTimeoutS >= session.maxAgeS)
      ctx.addIssue({
        code: "custom",
        path: ["session", "idleTimeoutS"],
        message: "must be shorter than session.maxAgeS (or 0)",
      });
  });

export type AuthConfig = z.input<typeof configSchema>;
/** The settings as the engine uses them: validated, the API root without a trailing slash. */
export type ResolvedAuthConfig = z.output<typeof configSchema>;

/**
 * Settings renamed or moved since engine 1.0.0, old path → new path ("session.maxAge":
 * "session.maxAgeS"): a config written for an older engine then fails at startup naming both.
 * Each entry has its line in lib/engine/CHANGELOG.md. None yet.
 */
export const RENAMED_SETTINGS: Readonly<Record<string, string>> = {};

/** Checks every setting once, at startup; a problem throws with the setting's path named. */
export function resolveAuthConfig(
  config: AuthConfig,
  renamed: Readonly<Record<string, string>> = RENAMED_SETTINGS,
): ResolvedAuthConfig {
  const result = configSchema.safeParse(config);
  if (result.success) return result.data;
  const lines = result.error.issues.flatMap((issue) => {
    const unknown = issue.code === "unrecognized_keys" ? issue.keys : [];
    if (unknown.length === 0) return [`${issue.path.join(".")}: ${issue.message}`];
    return unknown.map((key) => describeUnknown([...issue.path, key].join("."), renamed));
  });
  throw new Error(
    `Invalid createDjangoAuth config (engine ${ENGINE_VERSION}):\n  - ${lines.join("\n  - ")}`,
  );
}

function describeUnknown(path: string, renames: Readonly<Record<string, string>>): string {
  const renamed = renames[path];
  return renamed
    ? `${path} was renamed to ${renamed} (see lib/engine/CHANGELOG.md)`
    : `${path} is not a setting of engine ${ENGINE_VERSION}`;
}

/**
 * Which store coordinates refreshes, and whether other instances share it: the one answer the
 * coordinator, /api/health and the doctor give. A custom store is there to be shared.
 */
export function describeStore(store: Pick<StoreSetting, "kind">): {
  kind: StoreSetting["kind"];
  isShared: boolean;
} {
  return { kind: store.kind, isShared: store.kind !== "memory" };
}
