import { describe, expect, it } from "vitest";
import { createApiLinkRewriter, rewriteApiLinks } from "./api-links";

const API = "http://django.internal:8000/api";
const PAGE = JSON.stringify({
  count: 25,
  next: `${API}/notes/?limit=10&offset=20`,
  previous: `${API}/notes/?limit=10`,
  results: [{ id: 1, url: `${API}/notes/1/`, text: `see ${API}/notes/ in prose` }],
  elsewhere: "http://django.internal:8000/media/a.png",
});

async function streamed(chunks: string[]): Promise<string> {
  const source = new ReadableStream<string>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  let out = "";
  const reader = source.pipeThrough(createApiLinkRewriter(API)).getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) out += read.value;
  return out;
}

describe("rewriteApiLinks", () => {
  it("turns Django's links to its API into proxy paths, and nothing else", () => {
    expect(JSON.parse(rewriteApiLinks(PAGE, API))).toEqual({
      count: 25,
      next: "/api/django/notes/?limit=10&offset=20",
      previous: "/api/django/notes/?limit=10",
      results: [{ id: 1, url: "/api/django/notes/1/", text: `see ${API}/notes/ in prose` }],
      elsewhere: "http://django.internal:8000/media/a.png",
    });
  });

  it("leaves a look-alike host or path alone", () => {
    const body = JSON.stringify({ a: "http://django.internal:8000/apiary/", b: `${API}x/` });
    expect(rewriteApiLinks(body, API)).toBe(body);
  });
});

describe("createApiLinkRewriter", () => {
  it("gives the same text as the whole-body rewrite, however the body is cut", async () => {
    const expected = rewriteApiLinks(PAGE, API);
    for (const size of [1, 2, 7, 31, 64, PAGE.length]) {
      const chunks = PAGE.match(new RegExp(`[\\s\\S]{1,${size}}`, "g")) ?? [];
      expect(await streamed(chunks), `chunks of ${size}`).toBe(expected);
    }
  });

  it("holds back nothing but a possible link's beginning", async () => {
    expect(await streamed(['{"a": 1', ', "b": "x"}'])).toBe('{"a": 1, "b": "x"}');
    expect(await streamed(['{"next": "http://django.int'])).toBe('{"next": "http://django.int');
  });
});
