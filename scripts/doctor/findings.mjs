// One finding per line of the report. `fix` names the exact setting or variable to change.

export const SYMBOLS = { ok: "✓", warn: "⚠", fail: "✗" };

/** @typedef {{ id: string, level: "ok" | "warn" | "fail", title: string, message: string, fix?: string }} Finding */

/** @returns {Finding} */
export const ok = (id, title, message) => ({ id, level: "ok", title, message });

/** @returns {Finding} */
export const warn = (id, title, message, fix) => ({ id, level: "warn", title, message, fix });

/** @returns {Finding} */
export const fail = (id, title, message, fix) => ({ id, level: "fail", title, message, fix });

/** @param {Finding[]} findings */
export const exitCodeFor = (findings) => (findings.some((f) => f.level === "fail") ? 1 : 0);

/** "1 refresh", "3 refreshes". */
export const count = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
