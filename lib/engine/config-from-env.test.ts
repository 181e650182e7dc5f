import { describe, expect, it } from "vitest";
import { authConfigFromEnv, parseEnv } from "./config-from-env.mjs";
import { resolveAuthConfig } from "./config";

const valid = { DJANGO_API_URL: "http://127.0.0.1:8000/api/", NEXTAUTH_SECRET: "x".repeat(32) };

describe("parseEnv", () => {
  it("applies the documented defaults", () => {
    expect(parseEnv(valid)).toMatchObject({
      DJANGO_API_URL: "http://127.0.0.1:8000/api",
      DJANGO_TOKEN_PATH: "token/",
      DJANGO_REFRESH_PATH: "token/refresh/",
      DJANGO_BLACKLIST_PATH: "token/blacklist/",
      DJANGO_USERNAME_FIELD: "username",
      AUTH_REFRESH_REUSE_WINDOW_S: 30,
      AUTH_REUSE_DETECTION: "revoke",
      useSecureCookies: false,
    });
    expect(parseEnv(valid).DJANGO_USER_PATH).toBeUndefined();
  });

  it("names every missing or malformed variable", () => {
    const attempt = () =>
      parseEnv({
        DJANGO_API_URL: "ftp://example.com",
        DJANGO_REFRESH_PATH: "../admin/",
        AUTH_REFRESH_REUSE_WINDOW_S: "soon",
      });
    expect(attempt).toThrow(/DJANGO_API_URL: must be an http\(s\) URL/);
    expect(attempt).toThrow(/DJANGO_REFRESH_PATH: must not contain '\.\.'/);
    expect(attempt).toThrow(/AUTH_REFRESH_REUSE_WINDOW_S/);
    expect(() => parseEnv({})).toThrow(/DJANGO_API_URL: is required/);
    expect(() => parseEnv({ ...valid, AUTH_REUSE_DETECTION: "warn" })).toThrow(
      /AUTH_REUSE_DETECTION: must be revoke .* or off/,
    );
    expect(parseEnv({ ...valid, AUTH_REUSE_DETECTION: "off" }).AUTH_REUSE_DETECTION).toBe("off");
    expect(() => parseEnv({ ...valid, DJANGO_TOKEN_PATH: "/token/" })).toThrow(
      /DJANGO_TOKEN_PATH: must be relative/,
    );
  });

  it("requires a strong NEXTAUTH_SECRET in production only", () => {
    const withoutSecret = { DJANGO_API_URL: valid.DJANGO_API_URL };
    expect(() => parseEnv({ ...withoutSecret, NODE_ENV: "production" })).toThrow(
      /NEXTAUTH_SECRET: is required in production/,
    );
    expect(() => parseEnv({ ...valid, NEXTAUTH_SECRET: "short" })).toThrow(/NEXTAUTH_SECRET/);
    expect(parseEnv({ ...withoutSecret, NODE_ENV: "development" }).NEXTAUTH_SECRET).toMatch(
      /development-only/,
    );
  });

  it("treats blank values as unset and follows next-auth's secure-cookie rule", () => {
    expect(parseEnv({ ...valid, DJANGO_USER_PATH: " " }).DJANGO_USER_PATH).toBeUndefined();
    expect(parseEnv({ ...valid, NEXTAUTH_URL: "https://app.example" }).useSecureCookies).toBe(true);
    expect(parseEnv({ ...valid, VERCEL: "1", AUTH_STORE: "memory" }).useSecureCookies).toBe(true);
  });
});

describe("parseEnv: observability", () => {
  it("exports metrics only when an OTLP endpoint is set", () => {
    expect(parseEnv(valid)).toMatchObject({
      isMetricsExportOn: false,
      OTEL_METRIC_EXPORT_INTERVAL: 60_000,
    });
    expect(
      parseEnv({ ...valid, OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })
        .isMetricsExportOn,
    ).toBe(true);
    expect(
      parseEnv({ ...valid, OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: "https://otel.example/v1/metrics" })
        .isMetricsExportOn,
    ).toBe(true);
  });

  it("names a malformed endpoint, interval or instance id", () => {
    expect(() => parseEnv({ ...valid, OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
    expect(() => parseEnv({ ...valid, OTEL_METRIC_EXPORT_INTERVAL: "10" })).toThrow(
      /OTEL_METRIC_EXPORT_INTERVAL/,
    );
    expect(() => parseEnv({ ...valid, INSTANCE_ID: "pod 7; rm -rf" })).toThrow(/INSTANCE_ID/);
    expect(parseEnv({ ...valid, INSTANCE_ID: "web-7f9c:3000" }).INSTANCE_ID).toBe("web-7f9c:3000");
  });
});

describe("parseEnv: session limits", () => {
  it("defaults to a 30-day absolute limit, no idle limit and a 2-minute warning", () => {
    expect(parseEnv(valid)).toMatchObject({
      AUTH_SESSION_MAX_AGE_S: 2_592_000,
      AUTH_IDLE_TIMEOUT_S: 0,
      AUTH_WARNING_LEAD_S: 120,
    });
    expect(parseEnv({ ...valid, AUTH_SESSION_MAX_AGE_S: "0" }).AUTH_SESSION_MAX_AGE_S).toBe(0);
  });

  it("refuses an idle timeout too short to outlast an access token, and says why", () => {
    expect(() => parseEnv({ ...valid, AUTH_IDLE_TIMEOUT_S: "10" })).toThrow(
      /AUTH_IDLE_TIMEOUT_S: must be 0 \(off\) or at least 30 seconds, and longer than Django's ACCESS_TOKEN_LIFETIME/,
    );
    expect(parseEnv({ ...valid, AUTH_IDLE_TIMEOUT_S: "900" }).AUTH_IDLE_TIMEOUT_S).toBe(900);
  });

  it("refuses an idle timeout that the absolute limit would always beat", () => {
    expect(() =>
      parseEnv({ ...valid, AUTH_SESSION_MAX_AGE_S: "600", AUTH_IDLE_TIMEOUT_S: "600" }),
    ).toThrow(/AUTH_IDLE_TIMEOUT_S: must be shorter than AUTH_SESSION_MAX_AGE_S/);
    expect(() => parseEnv({ ...valid, AUTH_SESSION_MAX_AGE_S: "-1" })).toThrow(
      /AUTH_SESSION_MAX_AGE_S/,
    );
  });
});

describe("parseEnv: the refresh store", () => {
  const redis = { REDIS_URL: "redis://127.0.0.1:6379" };

  it("uses memory on a server of its own and Redis once REDIS_URL is set", () => {
    expect(authConfigFromEnv(valid).store.kind).toBe("memory");
    expect(authConfigFromEnv({ ...valid, ...redis }).store.kind).toBe("redis");
  });

  it.each(["VERCEL", "NETLIFY", "AWS_LAMBDA_FUNCTION_NAME"])(
    "refuses %s without REDIS_URL, naming REDIS_URL and the way out",
    (platform) => {
      const attempt = () => parseEnv({ ...valid, [platform]: "1" });
      expect(attempt).toThrow(
        new RegExp(`REDIS_URL: is required on a serverless platform \\(${platform} is set\\)`),
      );
      expect(attempt).toThrow(/AUTH_STORE=memory/);
      expect(authConfigFromEnv({ ...valid, [platform]: "1", ...redis }).store.kind).toBe("redis");
    },
  );

  it("uses a Redis Cluster with REDIS_CLUSTER_URLS, and refuses it beside REDIS_URL", () => {
    const urls = " redis://10.0.0.1:7000,redis://10.0.0.2:7000 ";
    expect(authConfigFromEnv({ ...valid, VERCEL: "1", REDIS_CLUSTER_URLS: urls }).store).toEqual({
      kind: "redis-cluster",
      urls: ["redis://10.0.0.1:7000", "redis://10.0.0.2:7000"],
    });
    expect(() => parseEnv({ ...valid, ...redis, REDIS_CLUSTER_URLS: urls })).toThrow(
      /REDIS_CLUSTER_URLS: is set with REDIS_URL/,
    );
    expect(() => parseEnv({ ...valid, REDIS_CLUSTER_URLS: "redis://a:1,http://b:2" })).toThrow(
      /REDIS_CLUSTER_URLS.*must be redis:\/\/ or rediss:\/\/ URLs/,
    );
    expect(() => parseEnv({ ...valid, REDIS_CLUSTER_URLS: urls, AUTH_STORE: "memory" })).toThrow(
      /AUTH_STORE: is memory while a Redis store is set/,
    );
  });

  it("lets AUTH_STORE=memory choose a single instance deliberately", () => {
    expect(authConfigFromEnv({ ...valid, VERCEL: "1", AUTH_STORE: "memory" }).store.kind).toBe(
      "memory",
    );
  });

  it("refuses a store setting that contradicts REDIS_URL", () => {
    expect(() => parseEnv({ ...valid, AUTH_STORE: "redis" })).toThrow(
      /REDIS_URL: is required with AUTH_STORE=redis/,
    );
    expect(() => parseEnv({ ...valid, ...redis, AUTH_STORE: "memory" })).toThrow(
      /AUTH_STORE: is memory while a Redis store is set/,
    );
    expect(() => parseEnv({ ...valid, AUTH_STORE: "disk" })).toThrow(/AUTH_STORE: must be redis/);
  });
});

describe("parseEnv: secret rotation", () => {
  it("reads older secrets as a list, empty by default", () => {
    expect(parseEnv(valid).NEXTAUTH_SECRET_PREVIOUS).toEqual([]);
    const a = "a".repeat(32);
    const b = "b".repeat(40);
    expect(parseEnv({ ...valid, NEXTAUTH_SECRET_PREVIOUS: ` ${a}, ${b} ` })).toMatchObject({
      NEXTAUTH_SECRET_PREVIOUS: [a, b],
    });
  });

  it("holds each older secret to NEXTAUTH_SECRET's rule", () => {
    expect(() =>
      parseEnv({ ...valid, NEXTAUTH_SECRET_PREVIOUS: `${"a".repeat(32)},short` }),
    ).toThrow(/NEXTAUTH_SECRET_PREVIOUS\.1: each secret must be at least 32 characters/);
  });
});

describe("authConfigFromEnv", () => {
  it("maps every documented variable onto its setting", () => {
    const config = authConfigFromEnv({
      ...valid,
      NODE_ENV: "production",
      NEXTAUTH_URL: "https://app.example.com",
      NEXTAUTH_SECRET_PREVIOUS: "p".repeat(32),
      DJANGO_TOKEN_PATH: "auth/login/",
      DJANGO_REFRESH_PATH: "auth/refresh/",
      DJANGO_BLACKLIST_PATH: "auth/logout/",
      DJANGO_BLACKLIST_BEARER: "on",
      DJANGO_BLACKLIST_FIELD: "refresh_token",
      DJANGO_REFRESH_COOKIE: "my-refresh-token",
      DJANGO_USER_PATH: "users/{user_id}/",
      DJANGO_LOGIN_USER_KEY: "user",
      DJANGO_USER_FIELDS: " public_id, plan ",
      DJANGO_LOGOUT_ALL_PATH: "auth/logout-all/",
      DJANGO_USERNAME_FIELD: "email",
      AUTH_REFRESH_REUSE_WINDOW_S: "12",
      AUTH_REUSE_DETECTION: "off",
      AUTH_SESSION_MAX_AGE_S: "3600",
      AUTH_IDLE_TIMEOUT_S: "600",
      AUTH_WARNING_LEAD_S: "60",
      AUTH_TRUSTED_PROXY_HOPS: "2",
      REDIS_URL: "rediss://cache.example.com:6380",
      INSTANCE_ID: "web-1",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
      OTEL_METRIC_EXPORT_INTERVAL: "5000",
    });
    expect(config).toEqual({
      django: {
        apiUrl: "http://127.0.0.1:8000/api",
        tokenPath: "auth/login/",
        refreshPath: "auth/refresh/",
        blacklistPath: "auth/logout/",
        blacklistBearer: true,
        blacklistField: "refresh_token",
        refreshCookie: "my-refresh-token",
        userPath: "users/{user_id}/",
        userFromLogin: "user",
        userFields: ["public_id", "plan"],
        logoutAllPath: "auth/logout-all/",
        usernameField: "email",
      },
      secrets: { current: valid.NEXTAUTH_SECRET, previous: ["p".repeat(32)] },
      session: {
        maxAgeS: 3600,
        idleTimeoutS: 600,
        warningLeadS: 60,
        sameSite: "lax",
        secureCookie: true,
      },
      refresh: { reuseWindowS: 12, reuseDetection: "off" },
      timeouts: {
        djangoCallMs: 10_000,
        refreshCallerWaitMs: 8_000,
        proxyResponseHeadersMs: 30_000,
        djangoKeepAliveMs: 1_000,
      },
      store: { kind: "redis", url: "rediss://cache.example.com:6380" },
      deployment: {
        origin: "https://app.example.com",
        isDevelopment: false,
        trustedProxyHops: 2,
        instanceId: "web-1",
      },
      metricsExport: { intervalMs: 5000 },
    });
    expect(resolveAuthConfig(config)).toEqual(config);
  });

  it("counts an empty or blank variable as unset", () => {
    const config = authConfigFromEnv({ ...valid, DJANGO_USER_PATH: "", DJANGO_USER_FIELDS: "  " });
    expect(config.django.userPath).toBeUndefined();
    expect(config.django.userFields).toEqual([]);
  });

  it("names a malformed profile setting", () => {
    expect(() => authConfigFromEnv({ ...valid, DJANGO_USER_PATH: "users/{user id}/" })).toThrow(
      /DJANGO_USER_PATH: use letters.*\{claim\}/,
    );
    expect(() =>
      authConfigFromEnv({ ...valid, DJANGO_USER_FIELDS: "public_id,plan-name" }),
    ).toThrow(/DJANGO_USER_FIELDS\.1: each must be a field name/);
  });

  it("trusts no X-Forwarded-For entry by default on its own server, the edge's on Vercel", () => {
    expect(authConfigFromEnv(valid).deployment.trustedProxyHops).toBe(0);
    const onVercel = { ...valid, VERCEL: "1", REDIS_URL: "redis://cache:6379" };
    expect(authConfigFromEnv(onVercel).deployment.trustedProxyHops).toBe(1);
    expect(
      authConfigFromEnv({ ...onVercel, AUTH_TRUSTED_PROXY_HOPS: "0" }).deployment.trustedProxyHops,
    ).toBe(0);
    expect(
      authConfigFromEnv({ ...valid, AUTH_TRUSTED_PROXY_HOPS: "1" }).deployment.trustedProxyHops,
    ).toBe(1);
  });

  it("names a refresh cookie that is no cookie name", () => {
    expect(() => authConfigFromEnv({ ...valid, DJANGO_REFRESH_COOKIE: "refresh token" })).toThrow(
      /DJANGO_REFRESH_COOKIE: must be a cookie name/,
    );
    expect(authConfigFromEnv({ ...valid, DJANGO_REFRESH_COOKIE: "" }).django.refreshCookie).toBe(
      undefined,
    );
  });

  it("gives the memory store its session limit, and no metrics export by default", () => {
    const config = authConfigFromEnv({ ...valid, AUTH_MEMORY_STORE_MAX_SESSIONS: "50" });
    expect(config.store).toEqual({ kind: "memory", maxSessions: 50 });
    expect(config.metricsExport).toBeNull();
    expect(config.deployment.isDevelopment).toBe(true);
  });
});
