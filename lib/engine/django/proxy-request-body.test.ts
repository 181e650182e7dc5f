import { describe, expect, it } from "vitest";
import { BUFFERED_BODY_BYTES, MAX_BODY_BYTES, toForwardableBody } from "./proxy-request-body";

const url = "http://app.test/api/django/notes/1/";

/** A request whose body is a stream with these chunks and no Content-Length, as Next gives it. */
function streamed(method: string, chunks: string[], headers: Record<string, string> = {}) {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
  return new Request(url, { method, body, headers, duplex: "half" } as RequestInit);
}

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => "forwarded",
    (error: { code?: string }) => error.code,
  );

describe("toForwardableBody", () => {
  it.each(["DELETE", "POST", "PUT", "PATCH"])(
    "forwards no body for a bodiless %s without Content-Length",
    async (method) => {
      await expect(toForwardableBody(streamed(method, []))).resolves.toBeUndefined();
      await expect(toForwardableBody(streamed(method, [""]))).resolves.toBeUndefined();
    },
  );

  it("forwards no body for GET, HEAD and Content-Length: 0", async () => {
    await expect(toForwardableBody(new Request(url))).resolves.toBeUndefined();
    await expect(toForwardableBody(new Request(url, { method: "HEAD" }))).resolves.toBeUndefined();
    const empty = streamed("DELETE", [], { "content-length": "0" });
    await expect(toForwardableBody(empty)).resolves.toBeUndefined();
    // A request built without a body at all (a Server Action's fetch, a test) has none to read.
    const none = new Request(url, { method: "POST" });
    expect(none.body).toBeNull();
    await expect(toForwardableBody(none)).resolves.toBeUndefined();
  });

  it("forwards a body with a length", async () => {
    const request = new Request(url, { method: "POST", body: '{"text":"a"}' });
    request.headers.set("content-length", "12");
    const body = await toForwardableBody(request);
    expect(body).toBeInstanceOf(ArrayBuffer);
    expect(await new Response(body).text()).toBe('{"text":"a"}');
  });

  it.each([
    [BUFFERED_BODY_BYTES, ArrayBuffer],
    [BUFFERED_BODY_BYTES + 1, ReadableStream],
  ])(
    "reads a body of %i bytes whole up to the buffered size, else streams it",
    async (size, kind) => {
      const text = "x".repeat(size);
      const request = new Request(url, { method: "POST", body: text });
      request.headers.set("content-length", String(text.length));
      const body = await toForwardableBody(request);
      expect(body).toBeInstanceOf(kind);
      expect(await new Response(body).text()).toBe(text);
    },
  );

  it("refuses a real body without a length (411), and one over the limit (413)", async () => {
    expect(await code(toForwardableBody(streamed("POST", ["", '{"text":', '"x"}'])))).toBe(
      "length_required",
    );
    const limit = String(MAX_BODY_BYTES);
    expect(
      await code(toForwardableBody(streamed("POST", ["a"], { "content-length": limit }))),
    ).toBe("forwarded");
    const over = String(MAX_BODY_BYTES + 1);
    expect(await code(toForwardableBody(streamed("POST", ["a"], { "content-length": over })))).toBe(
      "payload_too_large",
    );
  });

  it.each(["-1", "1e3", "12abc", " "])("refuses a malformed Content-Length %j", async (value) => {
    expect(
      await code(toForwardableBody(streamed("POST", ["a"], { "content-length": value }))),
    ).toBe("length_required");
  });
});
