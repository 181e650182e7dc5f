import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/engine/errors";
import { readBoundedBody } from "./read-bounded-body";

/** A chunked body (no Content-Length) of `count` chunks of `size` bytes; counts what was pulled. */
function chunkedRequest(count: number, size: number) {
  const pulled = { chunks: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.chunks === count) return controller.close();
      pulled.chunks += 1;
      controller.enqueue(new Uint8Array(size).fill(97));
    },
  });
  const request = new Request("http://app.test/x", {
    method: "POST",
    body,
    duplex: "half",
  } as RequestInit);
  return { request, pulled };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: unknown) => (isAppError(error) ? error.code : String(error)),
  );

describe("readBoundedBody", () => {
  it("returns a body within the limit, whole", async () => {
    const request = new Request("http://app.test/x", { method: "POST", body: "hello" });
    expect(new TextDecoder().decode(await readBoundedBody(request, 5))).toBe("hello");
    const { request: chunked } = chunkedRequest(4, 256);
    expect((await readBoundedBody(chunked, 1024)).byteLength).toBe(1024);
  });

  it("refuses a Content-Length over the limit without reading the body", async () => {
    const { request } = chunkedRequest(1_000, 1024);
    const declared = new Request(request, { headers: { "content-length": "2048" } });
    expect(await failure(readBoundedBody(declared, 1024))).toBe("payload_too_large");
  });

  it("stops a chunked body as soon as it passes the limit", async () => {
    const { request, pulled } = chunkedRequest(200_000, 1024); // 200 MB if read to the end
    expect(await failure(readBoundedBody(request, 16 * 1024))).toBe("payload_too_large");
    expect(pulled.chunks).toBeLessThan(40);
  });

  it("refuses a Content-Length that is not a number", async () => {
    for (const length of ["abc", "-1", "1e3"]) {
      const request = new Request("http://app.test/x", {
        method: "POST",
        headers: { "content-length": length },
      });
      expect(await failure(readBoundedBody(request, 1024)), length).toBe("invalid_request");
    }
  });

  it("reads no body as empty", async () => {
    const request = new Request("http://app.test/x", { method: "POST" });
    expect((await readBoundedBody(request, 10)).byteLength).toBe(0);
  });
});
