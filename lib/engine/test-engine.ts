// For unit tests only: the settings every test file starts from (vitest.config.mts installs them).
import { authConfigFromEnv } from "./config-from-env.mjs";
import { resolveAuthConfig, type AuthConfig } from "./config";
import { installEngine } from "./instance";

export const TEST_SECRET = "unit-tests-secret-unit-tests-secret-0123";

/** The documented defaults, with Django on 127.0.0.1:8000 and the tests' secret. */
export function testConfig(): AuthConfig {
  return authConfigFromEnv({
    NODE_ENV: "test",
    DJANGO_API_URL: "http://127.0.0.1:8000/api",
    NEXTAUTH_SECRET: TEST_SECRET,
  });
}

/** Installs `testConfig()` changed by `change` as this process's engine. */
export function installTestEngine(change: (config: AuthConfig) => AuthConfig = (config) => config) {
  return installEngine(resolveAuthConfig(change(testConfig())));
}
