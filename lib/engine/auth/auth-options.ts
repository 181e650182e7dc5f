import "server-only";
import { randomUUID } from "node:crypto";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { enginePart } from "@/lib/engine/instance";
import { signInAtDjango } from "@/lib/engine/django/django-auth";
import { endSessionChain, healStaleSession } from "@/lib/engine/auth/server-refresh";
import { warnIfIdleTimeoutTooShort } from "./configured-limits";
import { toSignInMessage } from "@/lib/engine/auth/sign-in-message";
import { refuseOversizedSession } from "./refuse-oversized-session";
import { credentialsSchema } from "@/lib/engine/session/credentials";
import { sessionTokenCookie } from "@/lib/engine/session/session-cookie";
import { openSessionJwt } from "@/lib/engine/session/session-secrets";
import { COOKIE_LIFETIME_S, sessionDataSchema } from "@/lib/engine/session/session-data";

/**
 * next-auth signs in, signs out and owns the encrypted session cookie. It never refreshes:
 * `getServerSession` in a server component cannot set cookies, so a rotation there would be lost.
 * Only POST /api/auth/refresh rotates. Built once per engine.
 */
export function authOptions(): AuthOptions {
  return enginePart("next-auth-options", ({ secrets, session }) => ({
    ...nextAuthOptions,
    secret: secrets.current,
    useSecureCookies: session.secureCookie,
    // One definition of the session cookie: next-auth and our refresh route write the same one.
    cookies: { sessionToken: sessionTokenCookie() },
  }));
}

const nextAuthOptions: AuthOptions = {
  session: { strategy: "jwt", maxAge: COOKIE_LIFETIME_S },
  // Cookies sealed with a previous secret still open (sign-out's event needs the tokens).
  jwt: {
    decode: async ({ token }) =>
      token ? ((await openSessionJwt(token).catch(() => null))?.payload ?? null) : null,
  },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Django",
      credentials: { username: { type: "text" }, password: { type: "password" } },
      async authorize(credentials) {
        const input = credentialsSchema.safeParse(credentials);
        if (!input.success)
          throw new Error(input.error.issues[0]?.message ?? "Invalid sign-in form.");
        try {
          const signedIn = await signInAtDjango(input.data.username, input.data.password);
          // A new chain of rotations starts here; sign-out and reuse detection end it as a whole.
          const signedInAt = Date.now();
          warnIfIdleTimeoutTooShort(signedIn, signedInAt);
          const session = {
            ...signedIn,
            chainId: randomUUID(),
            signedInAt,
            refreshedAt: signedInAt,
          };
          await refuseOversizedSession(session);
          return { id: session.user.id, session };
        } catch (error) {
          // next-auth puts this message into the login form: never an internal detail.
          throw new Error(toSignInMessage(error));
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user?.session) return { ...user.session, sub: user.session.user.id };
      const session = sessionDataSchema.safeParse(token);
      if (!session.success) return token;
      // Heals a stale cookie (a slow response written over a newer one); never rotates, and
      // never heals a chain that has ended.
      return { ...token, ...(await healStaleSession(session.data)) };
    },
    async session({ session, token }) {
      const data = sessionDataSchema.safeParse(token);
      if (!data.success) return session;
      // Only what the browser may see: the user and the access expiry, never a token.
      return {
        expires: session.expires,
        user: data.data.user,
        accessExpires: data.data.accessExpires,
      };
    },
  },
  events: {
    async signOut({ token }) {
      const session = sessionDataSchema.safeParse(token);
      if (!session.success) return;
      try {
        // The cookie may be stale: the chain's NEWEST token is the one to blacklist.
        await endSessionChain(session.data);
      } catch (error) {
        // The local session ends regardless; the token still expires at Django on its own.
        console.warn("[auth] sign-out: could not end the chain at Django", error);
      }
    },
  },
};
