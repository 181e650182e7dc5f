import "server-only";

/**
 * The demo's own setting, AUTH_DEMO_DIAGNOSTICS: host name, pid and every user's refresh counts
 * on the session inspector are the operator's, shown in development, and in production only with
 * `on`. It goes when the demo goes.
 */
export function isDemoDiagnosticsOn(): boolean {
  // eslint-disable-next-line no-restricted-properties -- the demo's setting, not the engine's
  const { AUTH_DEMO_DIAGNOSTICS: asked, NODE_ENV } = process.env;
  if (asked === "on" || asked === "off") return asked === "on";
  if (asked === undefined || asked.trim() === "") return NODE_ENV !== "production";
  throw new Error(
    `Invalid environment variables (see .env.example):\n  - AUTH_DEMO_DIAGNOSTICS: must be on or off`,
  );
}
