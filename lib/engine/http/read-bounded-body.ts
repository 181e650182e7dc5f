import { AppError } from "@/lib/engine/errors";

/**
 * The request's body, at most `maxBytes` of it: a larger Content-Length is refused before a byte
 * is read, a chunked body as soon as it passes the cap (the rest is never buffered). Throws
 * AppError `payload_too_large`, or `invalid_request` for a Content-Length that is not a number.
 */
export async function readBoundedBody(
  request: Request,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    if (!/^\d+$/.test(declared.trim())) throw new AppError("invalid_request");
    if (Number(declared) > maxBytes) throw new AppError("payload_too_large");
  }
  if (request.body === null) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined); // The client may already be gone.
      throw new AppError("payload_too_large");
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
