// What the doctor checks: the settings the app will use. auth.config.ts itself is loaded (literals
// included) over the app's env (.env files with Next's precedence, then the process env), and the
// engine's own resolveAuthConfig checks it; --api names the Django to check instead.
import { fileURLToPath } from "node:url";
import nextEnv from "@next/env";

import { UsageError } from "./args.mjs";
import { loadAppConfig } from "./load-app-config.mjs";

/** The project this doctor belongs to: its auth.config.ts and lib/engine/. */
const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

const quietLog = { info() {}, error: (...args) => console.error(...args) };

/**
 * @param {{ api?: string }} options
 * @param {string} dir where the .env files are read (`npm run doctor`: the project root)
 */
export async function loadDoctorConfig(options, dir = process.cwd()) {
  // Development mode, as `next dev` reads them: .env.development.local, .env.local,
  // .env.development, .env. Values already in the environment win, as in Next.
  const { loadedEnvFiles } = nextEnv.loadEnvConfig(dir, true, quietLog);
  if (options.api) process.env.DJANGO_API_URL = options.api;

  let config;
  let store;
  try {
    const { authConfig, resolveAuthConfig, describeStore } = await loadAppConfig(PROJECT_ROOT);
    const django = options.api ? { ...authConfig.django, apiUrl: options.api } : authConfig.django;
    config = resolveAuthConfig({ ...authConfig, django });
    store = describeStore(config.store);
  } catch (error) {
    const hint = options.api ? "" : "\nSet DJANGO_API_URL in .env.local, or pass --api <url>.";
    throw new UsageError(`${error instanceof Error ? error.message : error}${hint}`);
  }
  const { django } = config;
  const { DEV_ONLY_SECRET } = await import("../../lib/engine/config-from-env.mjs");
  return {
    secret: config.secrets.current === DEV_ONLY_SECRET ? null : config.secrets.current,
    origin: config.deployment.origin,
    trustedProxyHops: config.deployment.trustedProxyHops,
    isVercel: Boolean(process.env.VERCEL),
    apiUrl: django.apiUrl,
    tokenPath: django.tokenPath,
    refreshPath: django.refreshPath,
    blacklistPath: django.blacklistPath,
    blacklistField: django.blacklistField,
    blacklistBearer: django.blacklistBearer,
    refreshCookie: django.refreshCookie,
    userPath: django.userPath,
    logoutAllPath: django.logoutAllPath,
    userFromLogin: django.userFromLogin,
    usernameField: django.usernameField,
    redisUrl: config.store.kind === "redis" ? config.store.url : undefined,
    redisClusterUrls: config.store.kind === "redis-cluster" ? config.store.urls : undefined,
    store,
    envFiles: loadedEnvFiles.map((file) => file.path),
  };
}
