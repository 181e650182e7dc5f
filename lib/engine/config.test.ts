import { describe, expect, it } from "vitest";
import { authConfig } from "@/auth.config";
import { defineAuthConfig, type AuthConfig } from "./config";

const valid: AuthConfig = structuredClone({ ...authConfig, store: { kind: "memory" } });

describe("defineAuthConfig", () => {
  it("takes its defaults from the environment", () => {
    expect(authConfig.django.refreshPath).toBe("token/refresh/");
    expect(authConfig.refresh).toEqual({ reuseWindowS: 30, reuseDetection: "revoke" });
    expect(authConfig.store).toEqual({ kind: "memory" });
  });

  it("accepts a valid configuration as it is", () => {
    expect(defineAuthConfig(valid)).toEqual(valid);
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
  ])("refuses %s, naming the setting", (_, change, name) => {
    expect(() => defineAuthConfig({ ...valid, ...change })).toThrow(name);
  });
});
