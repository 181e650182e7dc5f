import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

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
        { object: "process", property: "env", message: "Read configuration from lib/engine/config-from-env.mjs." },
      ],
    },
  },
  {
    // The app reaches the engine through its two entries only; what is behind them may change.
    files: ["app/**", "middleware.ts", "instrumentation.ts", "auth.config.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@/lib/engine/*",
                "!@/lib/engine/server",
                "!@/lib/engine/client",
                "!@/lib/engine/config",
                "!@/lib/engine/config-from-env.mjs",
              ],
              message:
                "Import the engine from @/lib/engine/server or @/lib/engine/client (or /config).",
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      "lib/engine/config-from-env.mjs",
      "next.config.js",
      "playwright.config.ts",
      "scripts/**",
      "tools/**",
      "tests/**",
    ],
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
