import { afterEach, describe, expect, it, vi } from "vitest";
import { enginePart } from "./instance";
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
