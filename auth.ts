// The app's one engine, built from auth.config.ts: routes, middleware, pages and actions take what
// they need from `auth` (e.g. `auth.callDjango`, `auth.routes.refresh`).
import { authConfig } from "@/auth.config";
import { createDjangoAuth } from "@/lib/engine/server";

export const auth = createDjangoAuth(authConfig);
