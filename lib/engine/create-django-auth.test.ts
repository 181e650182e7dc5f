import { describe, expect, it, vi } from "vitest";
import { createDjangoAuth } from "./create-django-auth";
import { engineConfig, enginePart } from "./instance";
import { countRefreshOutcome, readRefreshCounters } from "./observability/refresh-counters";
import { reportTokenUse } from "./refresh/token-use";
import * as serverRefresh from "./auth/server-refresh";
import { testConfig } from "./test-engine";

describe("createDjangoAuth", () => {
  it("builds the engine from the settings it is given, and gives them back validated", () => {
    const config = testConfig();
    const auth = createDjangoAuth({
      ...config,
      django: { ...config.django, apiUrl: "http://django.internal:8000/api/", userPath: "me/" },
    });
    expect(auth.config.django).toMatchObject({
      apiUrl: "http://django.internal:8000/api",
      userPath: "me/",
    });
    expect(engineConfig()).toBe(auth.config);
  });

  it("refuses a bad setting at once, naming it", () => {
    const config = testConfig();
    const session = { ...config.session, warningLeadS: -1 };
    expect(() => createDjangoAuth({ ...config, session })).toThrow("session.warningLeadS");
  });

  it("shares one engine between bundles that build it with the same settings", () => {
    createDjangoAuth(testConfig());
    countRefreshOutcome("refreshed");
    const part = enginePart("probe", () => ({}));
    // Another route bundle: its own copy of auth.ts builds the engine again, from equal settings.
    createDjangoAuth(testConfig());
    expect(enginePart("probe", () => ({}))).toBe(part);
    expect(readRefreshCounters().refreshed).toBe(1);
  });

  it("starts afresh with other settings (tests do; an app has one auth.config.ts)", () => {
    createDjangoAuth(testConfig());
    const part = enginePart("probe", () => ({}));
    const config = testConfig();
    createDjangoAuth({ ...config, refresh: { ...config.refresh, reuseWindowS: 5 } });
    expect(enginePart("probe", () => ({}))).not.toBe(part);
    expect(engineConfig().refresh.reuseWindowS).toBe(5);
  });

  it("makes nothing until it is used: no store, no coordinator, no connection", () => {
    const create = vi.fn(() => {
      throw new Error("the store is made on first use");
    });
    const auth = createDjangoAuth({ ...testConfig(), store: { kind: "custom", create } });
    expect(auth.config.store.kind).toBe("custom");
    expect(create).not.toHaveBeenCalled();
  });

  it("has the coordinator hear every use of a cookie's access token", () => {
    const marked = vi.spyOn(serverRefresh, "markSessionSeen").mockImplementation(() => undefined);
    createDjangoAuth({ ...testConfig(), secrets: { current: "s".repeat(32), previous: [] } });
    const session = {
      accessToken: "a",
      refreshToken: "r",
      accessExpires: Date.now() + 60_000,
      refreshExpires: Date.now() + 3_600_000,
      user: { id: "7", username: "ada" },
      chainId: "chain-0123456789abcdef",
    };
    reportTokenUse(session);
    expect(marked).toHaveBeenCalledWith(session);
    marked.mockRestore();
  });
});
