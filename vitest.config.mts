import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // The marker package throws outside React Server Components; unit tests run server code in Node.
      "server-only": fileURLToPath(new URL("./node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    include: [
      "lib/**/*.test.ts",
      "tests/integration/**/*.test.ts",
      "scripts/**/*.test.mjs",
      "tools/**/*.test.mjs",
    ],
    environment: "node",
    setupFiles: ["lib/engine/test-setup.ts"],
  },
});
