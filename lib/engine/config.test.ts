import { describe, expect, it } from "vitest";
import { describeStore, resolveAuthConfig, type AuthConfig } from "./config";
import { ENGINE_VERSION } from "./version";
import { testConfig } from "./test-engine";

const valid: AuthConfig = testConfig();

describe("resolveAuthConfig", () => {
  it("takes authConfigFromEnv's documented defaults as they are", () => {
    const resolved = resolveAuthConfig(valid);
    expect(resolved.django.refreshPath).toBe("token/refresh/");
    expect(resolved.refresh).toEqual({ reuseWindowS: 30, reuseDetection: "revoke" });
    expect(resolved.store).toEqual({ kind: "memory", maxSessions: 10_000 });
    expect(resolved).toEqual(valid);
  });

  it("drops the API root's trailing slash", () => {
    const django = { ...valid.django, apiUrl: "http://django.internal:8000/api//" };
    expect(resolveAuthConfig({ ...valid, django }).django.apiUrl).toBe(
      "http://django.internal:8000/api",
    );
  });

  it.each([
    [
      "idle timeout not shorter than the absolute limit",
      { session: { ...valid.session, maxAgeS: 60, idleTimeoutS: 60 } },
      "session.idleTimeoutS",
    ],
    [
      "a negative reuse window",
      { refresh: { ...valid.refresh, reuseWindowS: -1 } },
      "refresh.reuseWindowS",
    ],
    [
      "a timeout below 100 ms",
      { timeouts: { ...valid.timeouts, djangoCallMs: 5 } },
      "timeouts.djangoCallMs",
    ],
    [
      "a fractional timeout",
      { timeouts: { ...valid.timeouts, refreshCallerWaitMs: 1000.5 } },
      "timeouts.refreshCallerWaitMs",
    ],
    ["a short secret", { secrets: { current: "short", previous: [] } }, "secrets.current"],
    [
      "a path that leaves the API",
      { django: { ...valid.django, userPath: "../admin/" } },
      "django.userPath",
    ],
    [
      "a store URL that is not Redis",
      { store: { kind: "redis", url: "http://cache:6379" } },
      "store.url",
    ],
  ] as const)("refuses %s, naming the setting", (_, change, name) => {
    expect(() => resolveAuthConfig({ ...valid, ...change } as AuthConfig)).toThrow(name);
  });

  it("names a setting this engine does not know, with its version", () => {
    const config = { ...valid, session: { ...valid.session, maxAge: 60 } } as AuthConfig;
    expect(() => resolveAuthConfig(config)).toThrow(
      `session.maxAge is not a setting of engine ${ENGINE_VERSION}`,
    );
  });

  it("names the new name of a renamed setting", () => {
    const config = { ...valid, session: { ...valid.session, maxAge: 60 } } as AuthConfig;
    expect(() => resolveAuthConfig(config, { "session.maxAge": "session.maxAgeS" })).toThrow(
      "session.maxAge was renamed to session.maxAgeS (see lib/engine/CHANGELOG.md)",
    );
  });

  it("accepts a custom store, and only with a create function", () => {
    const create = () => {
      throw new Error("not called while the settings are checked");
    };
    expect(resolveAuthConfig({ ...valid, store: { kind: "custom", create } }).store.kind).toBe(
      "custom",
    );
    const broken = { ...valid, store: { kind: "custom", create: "DynamoStore" } };
    expect(() => resolveAuthConfig(broken as unknown as AuthConfig)).toThrow("store.create");
  });
});

describe("describeStore", () => {
  it("gives one answer for each store: only memory is not shared", () => {
    expect(describeStore({ kind: "memory" })).toEqual({ kind: "memory", isShared: false });
    expect(describeStore({ kind: "redis" })).toEqual({ kind: "redis", isShared: true });
    expect(describeStore({ kind: "redis-cluster" })).toEqual({
      kind: "redis-cluster",
      isShared: true,
    });
    expect(describeStore({ kind: "custom" })).toEqual({ kind: "custom", isShared: true });
  });
});
