import { z } from "zod";
import type { RefreshRequestBody } from "@/lib/engine/contract";

const refreshRequestSchema: z.ZodType<RefreshRequestBody> = z.strictObject({
  accessRejected: z.boolean().optional(),
});

const MAX_BODY_CHARS = 1_024;

/** The parsed body, `{}` when there is none, or null when it is not one we accept. */
export async function readRefreshBody(request: Request): Promise<RefreshRequestBody | null> {
  const text = await request.text().catch(() => null);
  if (text === null || text.length > MAX_BODY_CHARS) return null;
  if (text.trim() === "") return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null; // Not JSON: a client bug, answered with 400 rather than a crash.
  }
  const parsed = refreshRequestSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
