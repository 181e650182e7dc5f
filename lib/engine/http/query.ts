import type { DjangoQuery } from "@/lib/engine/contract";

/**
 * A Django path and its query string: what follows a `?` in `path` (kept as it is), then
 * `query`, each value encoded once, an array as repeated keys (`?tag=a&tag=b`, as Django's
 * `getlist` reads them), null and undefined left out. The same on the server and in the browser.
 */
export function splitQuery(
  path: string,
  query: DjangoQuery = {},
): { path: string; search: string } {
  const at = path.indexOf("?");
  const params = new URLSearchParams(at === -1 ? "" : path.slice(at + 1));
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== null && item !== undefined) params.append(key, String(item));
    }
  }
  const search = params.toString();
  return { path: at === -1 ? path : path.slice(0, at), search: search ? `?${search}` : "" };
}
