import type { SessionData, SessionUser } from "@/lib/engine/session/session-data";

declare module "next-auth" {
  interface Session {
    user: SessionUser;
    accessExpires: number;
  }
  interface User {
    session: SessionData;
  }
}

declare module "next-auth/jwt" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface JWT extends Partial<SessionData> {}
}
