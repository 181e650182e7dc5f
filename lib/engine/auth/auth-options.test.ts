import type { CredentialsConfig } from "next-auth/providers/credentials";
import { afterEach, describe, expect, it, vi } from "vitest";

const signInAtDjango = vi.fn();
vi.mock("@/lib/engine/django/django-auth", () => ({
  signInAtDjango,
  rotateAtDjango: vi.fn(),
  blacklistAtDjango: vi.fn(),
}));

const { authOptions } = await import("./auth-options");
const { AppError } = await import("@/lib/engine/errors");
const { DjangoUnavailableError } = await import("@/lib/engine/django/django-request");

const provider = authOptions().providers[0] as unknown as { options: CredentialsConfig };
const authorize = (credentials: Record<string, string>) =>
  provider.options.authorize(credentials, {} as never);
const signInWith = async (failure: unknown) => {
  signInAtDjango.mockRejectedValueOnce(failure);
  return authorize({ username: "ada", password: "secret" });
};

describe("sign-in errors (what next-auth passes into the login form)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("shows Django's own wording for refused credentials", async () => {
    await expect(
      signInWith(new AppError("invalid_credentials", "No active account found")),
    ).rejects.toThrow("No active account found");
  });

  it("logs a configuration fault for the operator and shows the user a generic message", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const fault = new AppError("misconfigured", `Django's me/ must answer "username"`);
    const shown = await signInWith(fault).catch((error: Error) => error.message);
    expect(shown).not.toContain("me/");
    expect(shown).toMatch(/could not sign you in/i);
    expect(log).toHaveBeenCalledWith(expect.stringContaining("sign-in failed"), fault);
  });

  it("never shows the text of an unexpected error", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const shown = await signInWith(new Error("ECONNRESET at 10.0.0.3:5432")).catch(
      (error: Error) => error.message,
    );
    expect(shown).not.toContain("10.0.0.3");
  });

  it("tells a throttled or unreachable sign-in apart", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    await expect(signInWith(new AppError("sign_in_throttled"))).rejects.toThrow(/too many/i);
    await expect(signInWith(new DjangoUnavailableError("down"))).rejects.toThrow(/reach the API/);
  });
});
