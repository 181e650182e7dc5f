import { z } from "zod";

/**
 * DRF's page envelope: `PageNumberPagination` and `LimitOffsetPagination` (`count`, `next`,
 * `previous`, `results`) and `CursorPagination` (no `count`). Its links come back as proxy paths
 * (`/api/django/notes/?offset=20`), on the server and through the proxy alike.
 */
export function drfPage<T>(item: z.ZodType<T>) {
  return z.object({
    count: z.number().int().nonnegative().optional(),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    results: z.array(item),
  });
}

export type DrfPage<T> = {
  count?: number;
  next: string | null;
  previous: string | null;
  results: T[];
};

/**
 * The query a page link asks for (`{ page: "3" }`, `{ limit: "10", offset: "20" }`,
 * `{ cursor: "…" }`), for the next call's `query` option or a page's own search params;
 * null when there is no such page.
 */
export function pageQuery(link: string | null): Record<string, string> | null {
  if (!link) return null;
  let url: URL;
  try {
    url = new URL(link, "http://page.invalid");
  } catch {
    return null;
  }
  return Object.fromEntries(url.searchParams);
}
