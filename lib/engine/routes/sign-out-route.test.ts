import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sealSessionCookie, sessionCookieName } from "@/lib/engine/session/session-cookie";

const ended = vi.hoisted(() => ({ endSessionChain: vi.fn() }));
vi.mock("@/lib/engine/auth/server-refresh", () => ended);
const { signOutRoute } = await import("./sign-out-route");

const session = {
  accessToken: "a",
  refreshToken: "r",
  accessExpires: Date.now() + 60_000,
  refreshExpires: Date.now() + 3_600_000,
  user: { id: "7", username: "ada" },
  chainId: "chain-0123456789abcdef",
};

async function signOut(headers: Record<string, string> = { "sec-fetch-site": "same-origin" }) {
  const cookie = (await sealSessionCookie(session)).map((c) => `${c.name}=${c.value}`).join("; ");
  return signOutRoute.POST(
    new NextRequest("http://app.test/api/auth/sign-out", {
      method: "POST",
      headers: { cookie, ...headers },
    }),
  );
}

const clearsCookie = (response: Response) =>
  response.headers
    .getSetCookie()
    .some((line) => line.startsWith(`${sessionCookieName()}=;`) && /Max-Age=0/i.test(line));

afterEach(() => ended.endSessionChain.mockReset());

describe("POST /api/auth/sign-out", () => {
  it("says signed_out when Django ended the chain, and clears the cookie", async () => {
    ended.endSessionChain.mockResolvedValue("ended");
    const response = await signOut();
    expect(await response.json()).toEqual({ status: "signed_out" });
    expect(ended.endSessionChain).toHaveBeenCalledWith(expect.objectContaining(session));
    expect(clearsCookie(response)).toBe(true);
  });

  it("says signed_out_here_only when Django did not confirm, and still clears the cookie", async () => {
    ended.endSessionChain.mockResolvedValue("not_ended");
    const response = await signOut();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "signed_out_here_only" });
    expect(clearsCookie(response)).toBe(true);
  });

  it("refuses another site (a forged sign-out), ending nothing", async () => {
    const response = await signOut({ "sec-fetch-site": "cross-site" });
    expect(response.status).toBe(403);
    expect(ended.endSessionChain).not.toHaveBeenCalled();
  });

  it("has nothing to end without a session", async () => {
    const response = await signOutRoute.POST(
      new NextRequest("http://app.test/api/auth/sign-out", { method: "POST" }),
    );
    expect(await response.json()).toEqual({ status: "signed_out" });
    expect(ended.endSessionChain).not.toHaveBeenCalled();
  });
});
