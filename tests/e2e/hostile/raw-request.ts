import { request as httpRequest } from "node:http";
import type { BrowserContext } from "@playwright/test";
import { APP_URL } from "../support/servers";

export type RawReply = { status: number; headers: Record<string, string>; body: string };

/**
 * Sends the path byte for byte (no URL normalization, unlike a browser or Playwright's request),
 * with exactly these headers.
 */
export function rawRequest(
  path: string,
  {
    method = "GET",
    headers = {},
    body,
  }: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawReply> {
  const { hostname, port } = new URL(APP_URL);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ hostname, port, path, method, headers }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: Object.fromEntries(
            Object.entries(response.headers).map(([name, value]) => [
              name,
              Array.isArray(value) ? value.join("\n") : String(value ?? ""),
            ]),
          ),
          body: text,
        }),
      );
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** The context's cookies as a Cookie header. */
export async function cookieHeader(context: BrowserContext): Promise<string> {
  return (await context.cookies()).map(({ name, value }) => `${name}=${value}`).join("; ");
}
