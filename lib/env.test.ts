import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.mjs";

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
    expect(parseEnv({ ...valid, VERCEL: "1" }).useSecureCookies).toBe(true);
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
