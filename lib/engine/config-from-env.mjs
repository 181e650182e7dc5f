// @ts-check
// The documented environment variables (.env.example), read from a source the app passes in.
import { z } from "zod";

/** Below this an idle timeout cannot exceed any sensible access-token lifetime. */
const MIN_IDLE_TIMEOUT_S = 30;
/** The secret outside production when NEXTAUTH_SECRET is unset (the doctor says so). */
export const DEV_ONLY_SECRET = "development-only-secret-never-use-in-production";

/** A path relative to DJANGO_API_URL, such as `token/refresh/`. */
const djangoPath = z
  .string()
  .regex(/^[\w\-.~/]+$/, "use letters, digits, '-', '_', '.', '~' and '/' only")
  .refine((path) => !path.startsWith("/"), "must be relative (no leading '/')")
  .refine((path) => !path.split("/").includes(".."), "must not contain '..'");

/** RFC 6265's cookie-name token: visible ASCII without separators. */
export const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const SECRET_RULE = "must be at least 32 characters (generate one with `openssl rand -base64 32`)";

/** Older secrets, comma-separated, each held to NEXTAUTH_SECRET's rule: still read, never written. */
const previousSecrets = z
  .string()
  .transform((list) => list.split(",").map((secret) => secret.trim()))
  .pipe(z.array(z.string().min(32, `each secret ${SECRET_RULE}`)))
  .default([]);

/** Platforms that run several short-lived instances of one deployment, none of them shared. */
const SERVERLESS_MARKERS = /** @type {const} */ (["VERCEL", "NETLIFY", "AWS_LAMBDA_FUNCTION_NAME"]);

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DJANGO_API_URL: z
      .url({
        protocol: /^https?$/,
        error: (issue) =>
          issue.input === undefined
            ? "is required: your Django API root, such as http://127.0.0.1:8000/api"
            : "must be an http(s) URL such as http://127.0.0.1:8000/api",
      })
      .transform((url) => url.replace(/\/+$/, "")),
    NEXTAUTH_SECRET: z.string().min(32, SECRET_RULE).optional(),
    NEXTAUTH_URL: z.url({ protocol: /^https?$/ }).optional(),
    VERCEL: z.string().optional(),
    NETLIFY: z.string().optional(),
    AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
    DJANGO_TOKEN_PATH: djangoPath.default("token/"),
    DJANGO_REFRESH_PATH: djangoPath.default("token/refresh/"),
    DJANGO_BLACKLIST_PATH: djangoPath.default("token/blacklist/"),
    DJANGO_BLACKLIST_BEARER: z
      .enum(["on", "off"], { error: "must be on (send the access token as Bearer) or off" })
      .default("off"),
    DJANGO_BLACKLIST_FIELD: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be the body's field name, such as refresh")
      .default("refresh"),
    DJANGO_REFRESH_COOKIE: z
      .string()
      .regex(COOKIE_NAME, "must be a cookie name, such as my-refresh-token")
      .optional(),
    DJANGO_USER_PATH: z
      .string()
      .regex(
        /^([\w\-.~/]|\{[A-Za-z_]\w*\})+$/,
        "use letters, digits, '-', '_', '.', '~', '/' and {claim} (e.g. users/{user_id}/)",
      )
      .refine((path) => !path.startsWith("/"), "must be relative (no leading '/')")
      .refine((path) => !path.split("/").includes(".."), "must not contain '..'")
      .optional(),
    DJANGO_LOGIN_USER_KEY: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be the login answer's key, such as user")
      .optional(),
    DJANGO_USER_FIELDS: z
      .string()
      .transform((list) =>
        list
          .split(",")
          .map((name) => name.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "each must be a field name")))
      .default([]),
    // simplejwt_rotation's logout-all view (django/simplejwt-rotation): set, the app offers
    // "Sign out of all devices".
    DJANGO_LOGOUT_ALL_PATH: djangoPath.optional(),
    DJANGO_USERNAME_FIELD: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a Django field name such as username or email")
      .default("username"),
    AUTH_REFRESH_REUSE_WINDOW_S: z.coerce.number().int().min(0).max(3600).default(30),
    AUTH_REUSE_DETECTION: z
      .enum(["revoke", "off"], {
        error: "must be revoke (end the chain when an old refresh token is replayed) or off",
      })
      .default("revoke"),
    AUTH_SESSION_MAX_AGE_S: z.coerce
      .number({ error: "must be a number of seconds (0 turns the limit off)" })
      .int()
      .min(0)
      .default(30 * 24 * 60 * 60),
    AUTH_IDLE_TIMEOUT_S: z.coerce
      .number({ error: "must be a number of seconds (0 turns the limit off)" })
      .int()
      .refine((s) => s === 0 || s >= MIN_IDLE_TIMEOUT_S, {
        error:
          `must be 0 (off) or at least ${MIN_IDLE_TIMEOUT_S} seconds, and longer than Django's ` +
          "ACCESS_TOKEN_LIFETIME: an active user refreshes only when the access token expires, " +
          "so a shorter idle timeout would sign out users who are working",
      })
      .default(0),
    AUTH_WARNING_LEAD_S: z.coerce.number().int().min(0).max(86_400).default(120),
    /**
     * Proxies in front of Next that append to X-Forwarded-For (one nginx or load balancer: 1).
     * Unset: 1 on a platform whose edge writes the header (Vercel, Netlify, Lambda), else 0.
     */
    AUTH_TRUSTED_PROXY_HOPS: z.coerce
      .number({ error: "must be the number of proxies in front of Next (0 when none)" })
      .int()
      .min(0)
      .max(10)
      .optional(),
    /** Sessions the in-process refresh store holds (a full store refuses new ones, 503). */
    AUTH_MEMORY_STORE_MAX_SESSIONS: z.coerce.number().int().min(1).default(10_000),
    REDIS_URL: z
      .url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" })
      .optional(),
    /** A Redis Cluster: some of its nodes' URLs, comma-separated (the others are discovered). */
    REDIS_CLUSTER_URLS: z
      .string()
      .transform((list) => list.split(",").map((url) => url.trim()))
      .pipe(
        z
          .array(
            z.url({
              protocol: /^rediss?$/,
              error: "must be redis:// or rediss:// URLs, separated by commas",
            }),
          )
          .min(1),
      )
      .optional(),
    // Edge and rollout settings: the store, secret rotation, this instance's name.
    AUTH_STORE: z
      .enum(["redis", "memory"], {
        error:
          "must be redis (shared through REDIS_URL or REDIS_CLUSTER_URLS) or memory (one instance only)",
      })
      .optional(),
    NEXTAUTH_SECRET_PREVIOUS: previousSecrets,
    INSTANCE_ID: z
      .string()
      .regex(/^[\w.:-]{1,64}$/, "use up to 64 letters, digits, '.', ':', '-' or '_'")
      .optional(),
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    OTEL_METRIC_EXPORT_INTERVAL: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  })
  .superRefine((vars, ctx) => {
    if (
      vars.AUTH_IDLE_TIMEOUT_S > 0 &&
      vars.AUTH_SESSION_MAX_AGE_S > 0 &&
      vars.AUTH_IDLE_TIMEOUT_S >= vars.AUTH_SESSION_MAX_AGE_S
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_IDLE_TIMEOUT_S"],
        message: "must be shorter than AUTH_SESSION_MAX_AGE_S (or 0): it could never apply",
      });
    }
    if (vars.NODE_ENV === "production" && !vars.NEXTAUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXTAUTH_SECRET"],
        message: "is required in production (generate one with `openssl rand -base64 32`)",
      });
    }
    checkStore(vars, ctx);
  });

/**
 * On a serverless platform each instance has its own memory: without a shared store, a refresh
 * rotated on one instance is unknown to the next, and users are signed out. Fail loudly instead.
 * @param {{ AUTH_STORE?: "redis" | "memory", REDIS_URL?: string, REDIS_CLUSTER_URLS?: string[] } & Record<string, unknown>} vars
 * @param {z.RefinementCtx} ctx
 */
function checkStore(vars, ctx) {
  const platform = platformOf(vars);
  const isShared = Boolean(vars.REDIS_URL || vars.REDIS_CLUSTER_URLS);
  if (vars.REDIS_URL && vars.REDIS_CLUSTER_URLS) {
    ctx.addIssue({
      code: "custom",
      path: ["REDIS_CLUSTER_URLS"],
      message:
        "is set with REDIS_URL: set REDIS_URL for one Redis server, REDIS_CLUSTER_URLS for a cluster",
    });
  } else if (vars.AUTH_STORE === "redis" && !isShared) {
    ctx.addIssue({
      code: "custom",
      path: ["REDIS_URL"],
      message:
        "is required with AUTH_STORE=redis: the redis:// URL of the shared store (or REDIS_CLUSTER_URLS)",
    });
  } else if (vars.AUTH_STORE === "memory" && isShared) {
    ctx.addIssue({
      code: "custom",
      path: ["AUTH_STORE"],
      message: "is memory while a Redis store is set: unset one of them",
    });
  } else if (platform && !isShared && vars.AUTH_STORE !== "memory") {
    ctx.addIssue({
      code: "custom",
      path: ["REDIS_URL"],
      message:
        `is required on a serverless platform (${platform} is set): its instances share no ` +
        "memory, and without a shared store a refresh on one signs the user out on another. " +
        "Set REDIS_URL, or AUTH_STORE=memory if you really run a single instance",
    });
  }
}

/** The serverless platform these variables name, if any. @param {Record<string, unknown>} vars */
const platformOf = (vars) =>
  SERVERLESS_MARKERS.find((name) => vars[name] !== undefined && vars[name] !== "");

/** @param {Record<string, string | undefined>} source */
export function parseEnv(source) {
  const blankAsMissing = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ""),
  );
  const result = schema.safeParse(blankAsMissing);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  - ${issue.path.join(".")}: ${issue.message}`,
    );
    throw new Error(`Invalid environment variables (see .env.example):\n${lines.join("\n")}`);
  }
  const vars = result.data;
  return {
    ...vars,
    NEXTAUTH_SECRET: vars.NEXTAUTH_SECRET ?? DEV_ONLY_SECRET,
    /** next-auth prefixes its cookies with __Secure- on https origins and on Vercel. */
    useSecureCookies: vars.NEXTAUTH_URL?.startsWith("https://") ?? Boolean(vars.VERCEL),
    /** Metrics leave the process only when an OTLP endpoint is configured. */
    isMetricsExportOn: Boolean(
      vars.OTEL_EXPORTER_OTLP_ENDPOINT ?? vars.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT,
    ),
  };
}

/**
 * createDjangoAuth's settings from the documented variables (.env.example), validated: a missing
 * or malformed variable throws with its name. The engine never reads process.env itself:
 * auth.config.ts passes it here, and next.config.js does too, so a bad variable fails `next build` at once.
 * @param {Record<string, string | undefined>} source usually process.env
 * @returns {import("./config").AuthConfig}
 */
export function authConfigFromEnv(source) {
  const env = parseEnv(source);
  return {
    django: {
      apiUrl: env.DJANGO_API_URL,
      tokenPath: env.DJANGO_TOKEN_PATH,
      refreshPath: env.DJANGO_REFRESH_PATH,
      blacklistPath: env.DJANGO_BLACKLIST_PATH,
      blacklistBearer: env.DJANGO_BLACKLIST_BEARER === "on",
      blacklistField: env.DJANGO_BLACKLIST_FIELD,
      refreshCookie: env.DJANGO_REFRESH_COOKIE,
      userPath: env.DJANGO_USER_PATH,
      userFromLogin: env.DJANGO_LOGIN_USER_KEY,
      userFields: env.DJANGO_USER_FIELDS,
      logoutAllPath: env.DJANGO_LOGOUT_ALL_PATH,
      usernameField: env.DJANGO_USERNAME_FIELD,
    },
    secrets: { current: env.NEXTAUTH_SECRET, previous: env.NEXTAUTH_SECRET_PREVIOUS },
    session: {
      maxAgeS: env.AUTH_SESSION_MAX_AGE_S,
      idleTimeoutS: env.AUTH_IDLE_TIMEOUT_S,
      warningLeadS: env.AUTH_WARNING_LEAD_S,
      sameSite: "lax",
      secureCookie: env.useSecureCookies,
    },
    refresh: {
      reuseWindowS: env.AUTH_REFRESH_REUSE_WINDOW_S,
      reuseDetection: env.AUTH_REUSE_DETECTION,
    },
    timeouts: {
      djangoCallMs: 10_000,
      refreshCallerWaitMs: 8_000,
      proxyResponseHeadersMs: 30_000,
      djangoKeepAliveMs: 1_000,
    },
    store: env.REDIS_CLUSTER_URLS
      ? { kind: "redis-cluster", urls: env.REDIS_CLUSTER_URLS }
      : env.REDIS_URL
        ? { kind: "redis", url: env.REDIS_URL }
        : { kind: "memory", maxSessions: env.AUTH_MEMORY_STORE_MAX_SESSIONS },
    deployment: {
      origin: env.NEXTAUTH_URL,
      isDevelopment: env.NODE_ENV === "development",
      // `next start` reached directly: the client wrote the header, trust none of it.
      trustedProxyHops: env.AUTH_TRUSTED_PROXY_HOPS ?? (platformOf(source) ? 1 : 0),
      instanceId: env.INSTANCE_ID,
    },
    metricsExport: env.isMetricsExportOn ? { intervalMs: env.OTEL_METRIC_EXPORT_INTERVAL } : null,
  };
}
