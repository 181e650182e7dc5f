import { decode, encode } from "next-auth/jwt";
import { expect, test } from "../fixtures";
import { NEXTAUTH_SECRET } from "../support/servers";
import { SESSION_COOKIE, sessionCookies } from "../support/session-cookie";
import { rawRequest } from "./raw-request";

type Jar = [name: string, value: string][];
const CHUNK_SIZE = 4096 - 163;
const chunk = (value: string): Jar =>
  Array.from({ length: Math.ceil(value.length / CHUNK_SIZE) }, (_, i) => [
    `${SESSION_COOKIE}.${i}`,
    value.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE),
  ]);
const flip = (value: string, at: number) =>
  value.slice(0, at) + (value[at] === "A" ? "B" : "A") + value.slice(at + 1);

/** A cookie made from the signed-in session's value `v` and its decoded payload. */
type Variant = (v: string, payload: Record<string, unknown>) => Promise<Jar> | Jar;

/**
 * One line: what the Cookie header carries → signed out (401 / redirect to /login, every piece
 * expired) or not. "signed out, kept": a whole ciphertext no secret of ours opens may be another
 * instance's during a rolling secret change (NEXTAUTH_SECRET_PREVIOUS), so it is left in place.
 */
type Outcome = "signed out" | "signed out, kept" | "signed in";
const CASES: [label: string, variant: Variant, outcome: Outcome][] = [
  ["the real cookie", (v) => [[SESSION_COOKIE, v]], "signed in"],
  ["the real cookie chunked, chunks out of order", (v) => splitInThree(v).reverse(), "signed in"],
  [
    "one character flipped",
    (v) => [[SESSION_COOKIE, flip(v, Math.floor(v.length / 2))]],
    "signed out, kept",
  ],
  ["truncated", (v) => [[SESSION_COOKIE, v.slice(0, -20)]], "signed out, kept"],
  ["empty value", () => [[SESSION_COOKIE, ""]], "signed out"],
  ["not a JWE at all", () => [[SESSION_COOKIE, "not.a.jwe.at-all"]], "signed out"],
  [
    "sealed with another secret",
    async (_, payload) => [
      [SESSION_COOKIE, await encode({ token: payload, secret: `${NEXTAUTH_SECRET}-other` })],
    ],
    "signed out, kept",
  ],
  [
    "our secret, but no tokens inside",
    async (_, payload) => [
      [
        SESSION_COOKIE,
        await encode({ token: { sub: String(payload.sub) }, secret: NEXTAUTH_SECRET }),
      ],
    ],
    "signed out",
  ],
  ["a chunk missing", (v) => splitInThree(v).slice(1), "signed out"],
  ["chunks with a gap", (v) => splitInThree(v).filter((_, i) => i !== 1), "signed out"],
  [
    "chunks of two sessions mixed",
    (v) => [...splitInThree(v).slice(0, 2), [`${SESSION_COOKIE}.2`, flip(v, 5)]],
    "signed out",
  ],
  [
    "an absurd chunk index",
    (v) => [
      [`${SESSION_COOKIE}.0`, v],
      [`${SESSION_COOKIE}.99999999`, "x"],
    ],
    "signed out",
  ],
  ["oversize garbage in chunks (12 KB)", () => chunk("g".repeat(12_000)), "signed out"],
];

/** Splits the real value into three named chunks (it is shorter than one chunk). */
function splitInThree(v: string): Jar {
  const third = Math.ceil(v.length / 3);
  return [0, 1, 2].map((i) => [`${SESSION_COOKIE}.${i}`, v.slice(i * third, (i + 1) * third)]);
}

test.describe("hostile: session cookies", () => {
  for (const [label, variant, outcome] of CASES) {
    test(`${label} → ${outcome}`, async ({ context, signIn }) => {
      await signIn();
      const [whole] = await sessionCookies(context);
      if (!whole) throw new Error("no session cookie after sign-in");
      const payload = (await decode({ token: whole.value, secret: NEXTAUTH_SECRET })) ?? {};
      const jar = await variant(whole.value, payload);
      const cookie = jar.map(([name, value]) => `${name}=${value}`).join("; ");

      const api = await rawRequest("/api/django/me/", { headers: { cookie } });
      const page = await rawRequest("/dashboard", { headers: { cookie } });
      const refresh = await rawRequest("/api/auth/refresh", {
        method: "POST",
        headers: { cookie, "content-length": "0" },
      });
      if (outcome === "signed in") {
        expect(api.status).toBe(200);
        expect(page.status).toBe(200);
        expect(refresh.status).toBe(200);
        return;
      }
      expect(api.status).toBe(401);
      expect(JSON.parse(api.body)).toEqual({ error: "unauthenticated" });
      expect(page.status).toBe(307);
      expect(page.headers.location).toMatch(/\/login\?callbackUrl=%2Fdashboard$/);
      expect(refresh.status).toBe(401);
      expect(JSON.parse(refresh.body)).toEqual({ error: "session_expired" });
      // The API answers expire every piece of a dead cookie, or, kept, none of it. (A page's answer
      // is a redirect that never writes cookies: the layout cannot.)
      for (const [name] of jar) {
        for (const [route, reply] of Object.entries({ api, refresh })) {
          const setCookie = String(reply.headers["set-cookie"] ?? "");
          if (outcome === "signed out, kept") {
            expect(setCookie, `${route}: ${name}`).not.toContain(`${name}=;`);
          } else {
            expect(setCookie, `${route}: ${name}`).toContain(`${name}=;`);
          }
        }
      }
    });
  }

  test("a Cookie header over the server's limit is refused, not a 500", async () => {
    const cookie = chunk("g".repeat(40_000))
      .map(([name, value]) => `${name}=${value}`)
      .join("; ");
    const reply = await rawRequest("/dashboard", { headers: { cookie } });
    expect(reply.status).toBe(431);
  });
});
