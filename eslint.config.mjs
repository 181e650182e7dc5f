import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const ENGINE_ONLY =
  "The engine imports only itself and packages: settings come from createDjangoAuth.";

/** Imports of the engine from outside it, by alias or relative path: its entries only. */
function engineEntriesOnly(extra = []) {
  const entries = ["server", "client", "config", ...extra];
  return {
    regex: `(^@/|(^|/)\\.\\.?/(\\.\\./)*)lib/engine/(?!(${entries.join("|")})$)`,
    message: "Import the engine from @/lib/engine/server, /client or /config (the settings).",
  };
}

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      // After sign-in, sign-out or session expiry we want a full page load, not a client transition.
      "@next/next/no-location-assign-relative-destination": "off",
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Settings come in once, in auth.ts: pass them to the engine as arguments.",
        },
      ],
    },
  },
  {
    // The app reaches the engine through its two entries only; what is behind them may change.
    files: ["app/**", "middleware.ts", "instrumentation.ts", "auth.ts", "auth.config.ts"],
    ignores: ["app/(protected)/(demo)/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [engineEntriesOnly()] }] },
  },
  {
    // The demo is a guest: it has one entry more, its diagnostics, which nothing else imports.
    files: ["app/(protected)/(demo)/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [engineEntriesOnly(["diagnostics"])] }],
    },
  },
  {
    // The engine never reaches back into the app: it gets everything from createDjangoAuth.
    files: ["lib/engine/**"],
    ignores: ["lib/engine/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^@/(?!lib/engine/)", message: ENGINE_ONLY },
            // Relative paths that leave lib/engine/ (its files sit one folder deep at most).
            { regex: "^\\.\\./\\.\\./", message: ENGINE_ONLY },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/engine/*.{ts,tsx,mjs}"],
    ignores: ["lib/engine/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^@/(?!lib/engine/)|^\\.\\./", message: ENGINE_ONLY }] },
      ],
    },
  },
  {
    files: ["next.config.js", "playwright.config.ts", "scripts/**", "tools/**", "tests/**"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // Playwright fixtures call `use()`, which is not React's hook.
    files: ["tests/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // Next.js loads next.config.js as CommonJS (package.json has no "type").
    files: ["next.config.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  globalIgnores([
    ".next/**",
    "node_modules/**",
    "next-env.d.ts",
    "tests/django/**",
    ".venv/**",
    ".ci/cache/**",
    "test-results/**",
    "playwright-report/**",
  ]),
]);
