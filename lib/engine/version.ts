/** This engine's release; lib/engine/CHANGELOG.md says what each one changed and how to take it. */
export const ENGINE_VERSION = "1.6.2";
