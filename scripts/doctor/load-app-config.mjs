// The settings the app will use: auth.config.ts itself (literals included), imported as the app
// imports it, then checked by the engine's own resolveAuthConfig.
import { register } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

let isRegistered = false;

/** @param {string} root the project root (auth.config.ts and lib/engine/ in it) */
export async function loadAppConfig(root) {
  if (!isRegistered) {
    register("./ts-hooks.mjs", import.meta.url, { data: { root } });
    isRegistered = true;
  }
  const settings = await import(pathToFileURL(path.join(root, "auth.config.ts")).href);
  const engine = await import(pathToFileURL(path.join(root, "lib/engine/config.ts")).href);
  return {
    authConfig: settings.authConfig,
    resolveAuthConfig: engine.resolveAuthConfig,
    describeStore: engine.describeStore,
  };
}
