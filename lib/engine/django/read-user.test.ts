import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AuthConfig } from "@/lib/engine/config";
import { installTestEngine } from "@/lib/engine/test-engine";
import { signInAtDjango } from "./django-auth";

// These tests answer for Django through a stubbed global fetch.
vi.mock("@/lib/engine/django/django-fetch", () => import("./fetch-test-kit"));

type Answer = [status: number, body: unknown];
let sent: string[] = [];
let answers: Record<string, Answer> = {};

beforeEach(() => {
  sent = [];
  vi.stubGlobal("fetch", async (url: URL) => {
    const path = new URL(url).pathname.replace("/api/", "");
    sent.push(path);
    const [status, body] = answers[path] ?? [404, { detail: "Not found." }];
    return Response.json(body, { status });
  });
});
afterEach(() => vi.unstubAllGlobals());

/** A token whose payload holds `claims` and an `exp`. */
const jwt = (claims: Record<string, unknown>) =>
  `x.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 300, ...claims })).toString("base64url")}.y`;

const pair = { access: jwt({ user_id: 42, public_id: "u-9f" }), refresh: jwt({ user_id: 42 }) };

const withDjango = (django: Partial<AuthConfig["django"]>) =>
  installTestEngine((config) => ({ ...config, django: { ...config.django, ...django } }));

describe("the session's user, from where the project keeps it", () => {
  it("without a profile source: the token's user_id and the typed username", async () => {
    answers = { "token/": [200, pair] };
    expect((await signInAtDjango("ada", "pw")).user).toEqual({ id: "42", username: "ada" });
    expect(sent).toEqual(["token/"]);
  });

  it("from a me/ path, with the fields the team names (plain values only)", async () => {
    withDjango({ userPath: "me/", userFields: ["public_id", "plan", "groups", "is_staff"] });
    const profile = {
      id: 42,
      username: "ada",
      email: "ada@example.com",
      first_name: "Ada",
      last_name: "Lovelace",
      public_id: "u-9f",
      plan: null,
      groups: ["admins"],
      is_staff: false,
    };
    answers = { "token/": [200, pair], "me/": [200, profile] };
    expect((await signInAtDjango("ada", "pw")).user).toEqual({
      id: "42",
      username: "ada",
      email: "ada@example.com",
      name: "Ada Lovelace",
      fields: { public_id: "u-9f", plan: null, is_staff: false },
    });
  });

  it("from a path template filled with the access token's claims", async () => {
    withDjango({ userPath: "users/{public_id}/" });
    answers = { "token/": [200, pair], "users/u-9f/": [200, { id: "u-9f", username: "ada" }] };
    expect((await signInAtDjango("ada", "pw")).user).toEqual({ id: "u-9f", username: "ada" });
    expect(sent).toEqual(["token/", "users/u-9f/"]);
  });

  it("from the login answer's key, as dj-rest-auth answers, without another call", async () => {
    withDjango({ userFromLogin: "user", userPath: "me/", usernameField: "email" });
    const user = { pk: 42, email: "ada@example.com", first_name: "Ada", last_name: "" };
    answers = { "token/": [200, { ...pair, user }] };
    expect((await signInAtDjango("ada@example.com", "pw")).user).toEqual({
      id: "42",
      username: "ada@example.com",
      email: "ada@example.com",
      name: "Ada",
    });
    expect(sent).toEqual(["token/"]);
  });

  it.each([
    [
      "a claim the token lacks",
      { userPath: "users/{uuid}/" },
      "names {uuid}, which the access token does not carry",
    ],
    [
      "a profile without the username field",
      { userPath: "me/" },
      `Django's me/ must be a JSON object with "username"`,
    ],
    [
      "a login answer without the key",
      { userFromLogin: "user" },
      `the login answer's "user" must be a JSON object`,
    ],
  ] as const)("refuses to sign in with %s, naming the setting", async (_, django, message) => {
    withDjango(django);
    answers = { "token/": [200, pair], "me/": [200, { id: 1 }] };
    await expect(signInAtDjango("ada", "pw")).rejects.toThrow(message);
  });
});
