// The engine's server entry. auth.ts builds the engine here (createDjangoAuth) from auth.config.ts
// (lib/engine/config.ts, the config entry), and the app takes routes, the middleware, the session
// and the Django calls from what it returns. app/ imports the engine only through these entries
// and lib/engine/client.ts (eslint enforces it). Settings live in auth.config.ts, not in here.
export { createDjangoAuth, type DjangoAuth } from "./create-django-auth";
export type { RotationStore } from "./refresh/rotation-store";
export { ENGINE_VERSION } from "./version";

export type { BrowserSafeSession } from "./auth/server-session";
// DRF pagination: the page envelope's schema, and the query of its next/previous link.
export { drfPage, pageQuery, type DrfPage } from "./django/drf-page";
export type {
  DjangoCall,
  DjangoCallOptions,
  DjangoFailure,
  DjangoOutcome,
  DjangoQuery,
  FieldErrors,
  Schema,
} from "./contract";
export { toSignedOutMessage } from "./auth/sign-in-message";
export { DEFAULT_AFTER_SIGN_IN, toSafeCallbackPath } from "./http/safe-redirect";
export { AppError, errorResponse, NO_STORE } from "./errors";
