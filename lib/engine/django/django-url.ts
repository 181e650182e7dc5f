import { AppError } from "@/lib/engine/errors";

/**
 * Joins a path the browser sent (still percent-encoded, after `/api/django/`) to the API root.
 * Every segment is decoded and re-encoded, so `..`, `%2e%2e`, `%2F` or `//host` can never
 * steer the request outside the API root. A trailing slash is kept: Django needs it.
 */
export function buildDjangoUrl(apiRoot: string, rawPath: string, search = ""): URL {
  const segments = rawPath.split("/");
  const hasTrailingSlash = segments.length > 1 && segments.at(-1) === "";
  if (hasTrailingSlash) segments.pop();

  const encoded = segments.map((segment) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new AppError("invalid_path", `malformed escape in "${segment}"`);
    }
    if (decoded === "" || decoded === "." || decoded === ".." || /[/\\]/.test(decoded)) {
      throw new AppError("invalid_path", `segment "${segment}" is not allowed`);
    }
    return encodeURIComponent(decoded);
  });

  const root = new URL(apiRoot.replace(/\/+$/, "") + "/");
  const url = new URL(encoded.join("/") + (hasTrailingSlash ? "/" : "") + search, root);
  if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) {
    throw new AppError("invalid_path", "path escapes DJANGO_API_URL");
  }
  return url;
}
