import NextAuth from "next-auth";
import { authOptions } from "@/lib/engine/auth/auth-options";

/** `/api/auth/[...nextauth]`: next-auth v4 with the credentials provider that signs in at Django. */
const handler = NextAuth(authOptions);

export const nextAuthRoute = { GET: handler, POST: handler };
