import { AppError } from "@/lib/engine/errors";

export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Up to this size a body is read whole: piping a small body through web streams costs more. */
export const BUFFERED_BODY_BYTES = 1024 * 1024;

/**
 * The body to forward to Django, or undefined for none. A route handler gives every non-GET
 * request a body stream, even a browser's DELETE with no body and no Content-Length: an empty
 * stream means no body. Django's WSGI servers need a length, so a real body without one is 411.
 */
export async function toForwardableBody(
  request: Request,
): Promise<ReadableStream<Uint8Array> | ArrayBuffer | undefined> {
  if (request.method === "GET" || request.method === "HEAD" || request.body === null) {
    return undefined;
  }
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    const length = Number(declared);
    if (!/^\d+$/.test(declared) || !Number.isSafeInteger(length)) {
      throw new AppError("length_required");
    }
    if (length > MAX_BODY_BYTES) throw new AppError("payload_too_large");
    if (length === 0) return undefined;
    return length <= BUFFERED_BODY_BYTES ? request.arrayBuffer() : request.body;
  }
  // No length: look at the first chunk. Nothing there is no body; bytes are a chunked upload.
  const reader = request.body.getReader();
  const first = await readNonEmptyChunk(reader);
  if (first === null) return undefined;
  await reader.cancel();
  throw new AppError("length_required");
}

async function readNonEmptyChunk(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<Uint8Array | null> {
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return null;
    if (value.byteLength > 0) return value;
  }
}
