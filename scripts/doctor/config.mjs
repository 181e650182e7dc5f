// What the doctor checks: the app's own env (.env files with Next's precedence, then the process
// env), validated by lib/engine/config-from-env.mjs exactly as the app validates it, with --api taking precedence.
import nextEnv from "@next/env";

import { UsageError } from "./args.mjs";

const quietLog = { info() {}, error: (...args) => console.error(...args) };

/**
 * @param {{ api?: string }} options
 * @param {string} dir the project root whose .env files count
 */
export async function loadDoctorConfig(options, dir = process.cwd()) {
  // Development mode, as `next dev` reads them: .env.development.local, .env.local,
  // .env.development, .env. Values already in the environment win, as in Next.
  const { loadedEnvFiles } = nextEnv.loadEnvConfig(dir, true, quietLog);
  if (options.api) process.env.DJANGO_API_URL = options.api;

  let env;
  try {
    // lib/engine/config-from-env.mjs validates on import: the doctor sees exactly what the app would.
    ({ env } = await import("../../lib/engine/config-from-env.mjs"));
  } catch (error) {
    const hint = options.api ? "" : "\nSet DJANGO_API_URL in .env.local, or pass --api <url>.";
    throw new UsageError(`${error instanceof Error ? error.message : error}${hint}`);
  }
  return {
    apiUrl: env.DJANGO_API_URL,
    tokenPath: env.DJANGO_TOKEN_PATH,
    refreshPath: env.DJANGO_REFRESH_PATH,
    blacklistPath: env.DJANGO_BLACKLIST_PATH,
    userPath: env.DJANGO_USER_PATH,
    usernameField: env.DJANGO_USERNAME_FIELD,
    redisUrl: env.REDIS_URL,
    envFiles: loadedEnvFiles.map((file) => file.path),
  };
}
