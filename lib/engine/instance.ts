import type { ResolvedAuthConfig } from "./config";

/**
 * The engine built by createDjangoAuth: its settings, and the parts made from them on first use
 * (the refresh coordinator and its store, the health check, the counters, the store's keys).
 */
export type EngineInstance = {
  readonly config: ResolvedAuthConfig;
  readonly parts: Map<string, unknown>;
  /** The settings as JSON: a bundle building the same ones gets this instance back. */
  readonly fingerprint: string;
};

// The one process-wide slot. Next may load the engine's modules once per route bundle (and
// auth.ts with them): every bundle must reach the same coordinator, store and counters.
const SLOT = Symbol.for("next-django-simplejwt.engine");
const slot = globalThis as typeof globalThis & { [SLOT]?: EngineInstance };

/**
 * Holds this process's engine; other settings than the installed ones replace it (tests, or
 * `next dev` after an edit of auth.config.ts), and the parts of the one replaced that hold
 * connections (the Redis store, the health check's Redis client) are closed.
 */
export function installEngine(config: ResolvedAuthConfig): EngineInstance {
  const fingerprint = JSON.stringify(config);
  const installed = slot[SLOT];
  if (installed?.fingerprint === fingerprint) return installed;
  if (installed) closeParts(installed);
  return (slot[SLOT] = { config, parts: new Map(), fingerprint });
}

function closeParts({ parts }: EngineInstance) {
  for (const [name, part] of parts) {
    const close = (part as { close?: unknown } | null)?.close;
    if (typeof close !== "function") continue;
    Promise.resolve()
      .then(() => close.call(part))
      .catch((error: unknown) =>
        console.warn(`[auth] closing the replaced engine's ${name}:`, error),
      );
  }
}

function engine(): EngineInstance {
  const installed = slot[SLOT];
  if (!installed)
    throw new Error("The engine has no settings yet: build it with createDjangoAuth() (auth.ts).");
  return installed;
}

/** The settings createDjangoAuth was given, validated. */
export function engineConfig(): ResolvedAuthConfig {
  return engine().config;
}

/** One `name` per engine, built on first use from its settings. */
export function enginePart<T>(name: string, build: (config: ResolvedAuthConfig) => T): T {
  const { config, parts } = engine();
  if (!parts.has(name)) parts.set(name, build(config));
  return parts.get(name) as T;
}
