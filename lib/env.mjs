// @ts-check
// The one module that reads process.env. next.config.js imports it, so a missing or
// malformed variable fails `next dev` and `next build` with a message that names it.
import { z } from "zod";

/** Below this an idle timeout cannot exceed any sensible access-token lifetime. */
const MIN_IDLE_TIMEOUT_S = 30;
const DEV_ONLY_SECRET = "development-only-secret-never-use-in-production";

/** A path relative to DJANGO_API_URL, such as `token/refresh/`. */
const djangoPath = z
  .string()
  .regex(/^[\w\-.~/]+$/, "use letters, digits, '-', '_', '.', '~' and '/' only")
  .refine((path) => !path.startsWith("/"), "must be relative (no leading '/')")
  .refine((path) => !path.split("/").includes(".."), "must not contain '..'");

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
    NEXTAUTH_SECRET: z
      .string()
      .min(32, "must be at least 32 characters (generate one with `openssl rand -base64 32`)")
      .optional(),
    NEXTAUTH_URL: z.url({ protocol: /^https?$/ }).optional(),
    VERCEL: z.string().optional(),
    DJANGO_TOKEN_PATH: djangoPath.default("token/"),
    DJANGO_REFRESH_PATH: djangoPath.default("token/refresh/"),
    DJANGO_BLACKLIST_PATH: djangoPath.default("token/blacklist/"),
    DJANGO_USER_PATH: djangoPath.optional(),
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
    REDIS_URL: z
      .url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" })
      .optional(),
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
  });

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

export const env = parseEnv({
  NODE_ENV: process.env.NODE_ENV,
  DJANGO_API_URL: process.env.DJANGO_API_URL,
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET,
  NEXTAUTH_URL: process.env.NEXTAUTH_URL,
  VERCEL: process.env.VERCEL,
  DJANGO_TOKEN_PATH: process.env.DJANGO_TOKEN_PATH,
  DJANGO_REFRESH_PATH: process.env.DJANGO_REFRESH_PATH,
  DJANGO_BLACKLIST_PATH: process.env.DJANGO_BLACKLIST_PATH,
  DJANGO_USER_PATH: process.env.DJANGO_USER_PATH,
  DJANGO_LOGOUT_ALL_PATH: process.env.DJANGO_LOGOUT_ALL_PATH,
  DJANGO_USERNAME_FIELD: process.env.DJANGO_USERNAME_FIELD,
  AUTH_REFRESH_REUSE_WINDOW_S: process.env.AUTH_REFRESH_REUSE_WINDOW_S,
  AUTH_REUSE_DETECTION: process.env.AUTH_REUSE_DETECTION,
  AUTH_SESSION_MAX_AGE_S: process.env.AUTH_SESSION_MAX_AGE_S,
  AUTH_IDLE_TIMEOUT_S: process.env.AUTH_IDLE_TIMEOUT_S,
  AUTH_WARNING_LEAD_S: process.env.AUTH_WARNING_LEAD_S,
  REDIS_URL: process.env.REDIS_URL,
  INSTANCE_ID: process.env.INSTANCE_ID,
  OTEL_EXPORTER_OTLP_ENDPOINT: process.env.OTEL_EXPORTER_OTLP_ENDPOINT,
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: process.env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT,
  OTEL_METRIC_EXPORT_INTERVAL: process.env.OTEL_METRIC_EXPORT_INTERVAL,
});
