import { describe, expect, it } from "vitest";
import { parseEnv } from "./config-from-env.mjs";

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
    expect(parseEnv(valid).store).toBe("memory");
    expect(parseEnv({ ...valid, ...redis }).store).toBe("redis");
  });

  it.each(["VERCEL", "NETLIFY", "AWS_LAMBDA_FUNCTION_NAME"])(
    "refuses %s without REDIS_URL, naming REDIS_URL and the way out",
    (platform) => {
      const attempt = () => parseEnv({ ...valid, [platform]: "1" });
      expect(attempt).toThrow(
        new RegExp(`REDIS_URL: is required on a serverless platform \\(${platform} is set\\)`),
      );
      expect(attempt).toThrow(/AUTH_STORE=memory/);
      expect(parseEnv({ ...valid, [platform]: "1", ...redis }).store).toBe("redis");
    },
  );

  it("lets AUTH_STORE=memory choose a single instance deliberately", () => {
    expect(parseEnv({ ...valid, VERCEL: "1", AUTH_STORE: "memory" }).store).toBe("memory");
  });

  it("refuses a store setting that contradicts REDIS_URL", () => {
    expect(() => parseEnv({ ...valid, AUTH_STORE: "redis" })).toThrow(
      /REDIS_URL: is required with AUTH_STORE=redis/,
    );
    expect(() => parseEnv({ ...valid, ...redis, AUTH_STORE: "memory" })).toThrow(
      /AUTH_STORE: is memory while REDIS_URL is set/,
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

describe("parseEnv: the demo's diagnostics", () => {
  it("are on in development, off in production unless AUTH_DEMO_DIAGNOSTICS=on", () => {
    expect(parseEnv(valid).isDemoDiagnosticsOn).toBe(true);
    expect(parseEnv({ ...valid, NODE_ENV: "production" }).isDemoDiagnosticsOn).toBe(false);
    const asked = { ...valid, NODE_ENV: "production", AUTH_DEMO_DIAGNOSTICS: "on" };
    expect(parseEnv(asked).isDemoDiagnosticsOn).toBe(true);
    expect(parseEnv({ ...valid, AUTH_DEMO_DIAGNOSTICS: "off" }).isDemoDiagnosticsOn).toBe(false);
    expect(() => parseEnv({ ...valid, AUTH_DEMO_DIAGNOSTICS: "yes" })).toThrow(
      /AUTH_DEMO_DIAGNOSTICS: must be on or off/,
    );
  });
});
