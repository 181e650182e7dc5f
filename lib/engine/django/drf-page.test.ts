import { describe, expect, it } from "vitest";
import { z } from "zod";
import { drfPage, pageQuery } from "./drf-page";

const item = z.object({ id: z.number() });

describe("drfPage", () => {
  it("reads page-number and limit/offset envelopes, and cursor ones without a count", () => {
    const numbered = {
      count: 3,
      next: "/api/django/x/?page=2",
      previous: null,
      results: [{ id: 1 }],
    };
    expect(drfPage(item).parse(numbered)).toEqual(numbered);
    const cursor = { next: "/api/django/x/?cursor=cD0y", previous: null, results: [] };
    expect(drfPage(item).parse(cursor)).toEqual(cursor);
  });

  it("refuses a list that is not an envelope, or items that do not match", () => {
    expect(drfPage(item).safeParse([{ id: 1 }]).success).toBe(false);
    const wrong = { count: 1, next: null, previous: null, results: [{ id: "1" }] };
    expect(drfPage(item).safeParse(wrong).success).toBe(false);
  });
});

describe("pageQuery", () => {
  it("gives the query of a page link, relative or absolute", () => {
    expect(pageQuery("/api/django/notes/?limit=10&offset=20")).toEqual({
      limit: "10",
      offset: "20",
    });
    expect(pageQuery("http://django.internal/api/notes/?page=3")).toEqual({ page: "3" });
    expect(pageQuery("/api/django/notes/?cursor=cD0yMDI2")).toEqual({ cursor: "cD0yMDI2" });
  });

  it("is null when there is no page there", () => {
    expect(pageQuery(null)).toBeNull();
    expect(pageQuery("")).toBeNull();
  });
});
