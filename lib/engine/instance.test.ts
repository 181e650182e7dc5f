import { afterEach, describe, expect, it, vi } from "vitest";
import { engineConfig, enginePart } from "./instance";
import { installTestEngine } from "./test-engine";

const otherSettings = () =>
  installTestEngine((config) => ({ ...config, refresh: { ...config.refresh, reuseWindowS: 7 } }));

describe("installEngine", () => {
  afterEach(() => void installTestEngine());

  it("closes the parts of the engine other settings replace, not those of one installed again", async () => {
    installTestEngine();
    const close = vi.fn(async () => undefined);
    const part = enginePart("closeable", () => ({ close }));
    enginePart("plain", () => ({ value: 1 }));

    expect(installTestEngine().parts.get("closeable")).toBe(part);
    expect(close).not.toHaveBeenCalled();

    expect(otherSettings().parts.has("closeable")).toBe(false);
    await vi.waitFor(() => expect(close).toHaveBeenCalledOnce());
  });

  it("before any engine, says how to build one; the first install closes nothing", () => {
    const slot = globalThis as Record<symbol, unknown>;
    delete slot[Symbol.for("next-django-simplejwt.engine")];
    expect(() => engineConfig()).toThrow(
      "The engine has no settings yet: build it with createDjangoAuth() (auth.ts).",
    );
    expect(() => enginePart("any", () => 1)).toThrow("The engine has no settings yet");
    expect(installTestEngine().config.refresh.reuseWindowS).toBe(
      engineConfig().refresh.reuseWindowS,
    );
  });

  it("replaces an engine whose parts have nothing to close", async () => {
    installTestEngine();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    enginePart("nothing", () => null);
    enginePart("not-a-close", () => ({ close: "no" }));
    expect(otherSettings().parts.size).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 0)); // Past the closes' promises.
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it("says when a part fails to close, and the new engine is in place all the same", async () => {
    installTestEngine();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    enginePart("stuck", () => ({
      close: async () => {
        throw new Error("the connection is gone");
      },
    }));

    expect(enginePart("fresh", (config) => config.refresh.reuseWindowS)).not.toBe(7);
    otherSettings();
    expect(enginePart("fresh", (config) => config.refresh.reuseWindowS)).toBe(7);
    await vi.waitFor(() =>
      expect(warn).toHaveBeenCalledWith(
        "[auth] closing the replaced engine's stuck:",
        expect.objectContaining({ message: "the connection is gone" }),
      ),
    );
    warn.mockRestore();
  });
});
