export const DEFAULT_AFTER_SIGN_IN = "/dashboard";

/**
 * The only way a user-supplied URL becomes a redirect: a same-origin path (with its query and
 * hash), else the fallback. Absolute URLs count only when their origin is ours.
 */
export function toSafeCallbackPath(
  value: string | null | undefined,
  origin: string,
  fallback = DEFAULT_AFTER_SIGN_IN,
): string {
  if (!value) return fallback;
  // Browsers read "\" as "/", so "/\evil.example" would be protocol-relative; the URL parser
  // silently strips tabs and newlines, so "/\t/evil.example" would be too.
  if (value.includes("\\") || /[\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(origin).origin) return fallback;
  const path = url.pathname + url.search + url.hash;
  // Dot segments can resolve to a protocol-relative path: "/.//evil.example" → "//evil.example".
  if (path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return /^\/login(?:[/?#]|$)/.test(path) ? fallback : path;
}
